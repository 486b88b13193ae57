import { describe, expect, it } from 'vitest';
import { decodeEntry, encodeEntry } from './entry-codec.ts';

describe('entry codec', () => {
  it('round-trips an entry, binary body included', () => {
    const v = { response: new Uint8Array([0, 255, 10, 13]), contentType: 'text/event-stream', provider: 'openai', model: 'gpt-4o' };
    expect(decodeEntry(encodeEntry(v))).toEqual(v);
  });

  it('rejects bytes that are not an entry', () => {
    expect(decodeEntry(new TextEncoder().encode('hello world'))).toBeUndefined();
    expect(decodeEntry(new Uint8Array())).toBeUndefined();
  });
});
