import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { CacheStatus, ErrorClass, RequestCompletedSchema } from '@tollgate/proto/events';
import { ResponseTrailerSchema } from '@tollgate/proto/router';
import { describe, expect, it } from 'vitest';
import { type CompletionFacts, capBody, captureBody, requestCompleted } from './completion.ts';

const facts = (over: Partial<CompletionFacts> = {}): CompletionFacts => ({
  requestId: 'r1', projectId: 'p1', keyId: 'k1', endpoint: 'chat', model: 'gpt-4o-mini', startedMs: 1_700_000_000_000, endedMs: 1_700_000_000_042,
  status: 200, streaming: false, cache: 'miss', provider: 'openai', cancelled: false, ...over,
});

describe('requestCompleted', () => {
  it('is a message protobuf encodes and decodes to the same event, with or without its optional parts', () => {
    const trailer = create(ResponseTrailerSchema, { model: 'gpt-4o-mini-2024', provider: 'openai', tokensIn: 9, tokensOut: 3, costNanousd: 4_200n });
    const bytes = (t: string) => new TextEncoder().encode(t); // what a decoder gives back (Buffer would differ)
    const entry = { request: bytes('{"q":1}'), response: bytes('{"a":2}'), contentType: 'application/json', provider: 'openai', model: 'gpt-4o-mini' };
    const variants = [
      facts(),
      facts({ trailer, cacheEntry: entry, storeBodies: 'full' }),
      facts({ trailer, storeBodies: 'redacted', bodies: { request: { bytes: bytes('q'), truncated: true }, response: { bytes: bytes('a'), truncated: false } } }),
      facts({ cache: 'hit', trailer, streaming: true, cancelled: true }),
    ];
    for (const f of variants) {
      const ev = requestCompleted(f);
      expect(fromBinary(RequestCompletedSchema, toBinary(RequestCompletedSchema, ev))).toEqual(ev);
    }
    expect(requestCompleted(variants[1])).toMatchObject({ tokensIn: 9, costNanousd: 4_200n, latencyMs: 42, cacheStatus: CacheStatus.MISS, cacheEntry: { contentType: 'application/json' } });
    expect(requestCompleted(variants[3])).toMatchObject({ status: 499, errorClass: ErrorClass.CANCELLED, tokensIn: 0, costNanousd: 0n, cacheStatus: CacheStatus.HIT });
  });
});

describe('body capture for storage', () => {
  it('keeps the first bytes of a chunked body and says whether more came', () => {
    const c = captureBody(5);
    c.add(Buffer.from('abc'));
    c.add(Buffer.from('defg'));
    c.add(Buffer.from('h'));
    expect(c.result()).toEqual({ bytes: Buffer.from('abcde'), truncated: true });
    const whole = captureBody(5);
    whole.add(Buffer.from('abcde'));
    expect(whole.result()).toEqual({ bytes: Buffer.from('abcde'), truncated: false });
  });

  it('cuts a whole body at the limit', () => {
    expect(capBody(Buffer.from('abcdef'), 4)).toEqual({ bytes: Buffer.from('abcd'), truncated: true });
    expect(capBody(Buffer.from('ab'), 4)).toEqual({ bytes: Buffer.from('ab'), truncated: false });
  });
});
