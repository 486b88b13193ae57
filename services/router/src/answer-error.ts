import type { CompleteChunk } from '@tollgate/proto/router';
import { headerValue } from './chunks.ts';
import { data, head, type Outcome, trailer } from './chunks.ts';
import { type Failure, failureBody, failureStatus } from './domain/classify.ts';
import { classifyUpstream } from './providers/errors.ts';
import type { UpstreamBody, UpstreamResponse } from './upstream-call.ts';

const encoder = new TextEncoder();
const MAX_ERROR_BODY = 64 * 1024;

/** A failure as the client sees it: an error head, an OpenAI error body, and the trailer recording it. */
export function* failureChunks(f: Failure, o: Outcome): Generator<CompleteChunk> {
  o.errorClass = f.errorClass;
  o.errorMessage = f.message;
  yield head(failureStatus(f), 'application/json', o, o.model, f.retryAfterS);
  yield data(encoder.encode(failureBody(f)));
  yield trailer(o);
}

/** Reads a non-2xx upstream answer (bounded) and maps it; the upstream body itself is never forwarded. */
export async function upstreamFailure(res: UpstreamResponse, nowMs: number): Promise<Failure> {
  let text: string | undefined;
  try {
    text = await readBounded(res.body, MAX_ERROR_BODY);
  } catch {
    // too big or cut: the status alone decides
  }
  const retryAfter = headerValue(res.headers['retry-after']) || undefined;
  const retryAfterMs = headerValue(res.headers['retry-after-ms']) || undefined;
  return classifyUpstream(res.statusCode, text, { retryAfter, retryAfterMs }, nowMs);
}

async function readBounded(body: UpstreamBody, max: number): Promise<string> {
  let text = '';
  for await (const chunk of body) {
    text += chunk.toString();
    if (text.length > max) {
      body.destroy();
      throw new Error('error body too large');
    }
  }
  return text;
}
