import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { ErrorClass } from '@tollgate/proto/events';
import { CompleteChunkSchema } from '@tollgate/proto/router';
import { describe, expect, it } from 'vitest';
import { data, head, newOutcome, recordAttempt, trailer } from './chunks.ts';

describe('chunk builders', () => {
  it('build messages protobuf encodes and decodes to the same chunks (head, data, trailer with attempts)', () => {
    const o = newOutcome('gpt-4o-mini');
    Object.assign(o, { provider: 'openai', status: 200, tries: 2, firstTarget: 'groq/llama', tokensIn: 7, tokensOut: 3, costNanousd: 1_234n, ttftMs: 12, servedModel: 'gpt-4o-mini-2024' });
    recordAttempt(o, 41.6);
    o.errorClass = ErrorClass.UPSTREAM;
    o.errorMessage = 'the provider ended the stream early';
    const chunks = [head(200, 'text/event-stream', o, 'gpt-4o-mini', 3), data(new TextEncoder().encode('data: {}\n\n')), trailer(o)];
    for (const c of chunks) expect(fromBinary(CompleteChunkSchema, toBinary(CompleteChunkSchema, c))).toEqual(c);
    expect(chunks[0].kind).toMatchObject({ case: 'head', value: { attempts: 2, fallback: true, retryAfterS: 3 } });
    expect(chunks[2].kind).toMatchObject({ case: 'trailer', value: { model: 'gpt-4o-mini-2024', attempts: [{ provider: 'openai', status: 200, latencyMs: 42 }] } });
  });
});
