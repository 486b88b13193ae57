import type { Dispatcher } from 'undici';
import type { CompleteChunk } from '@tollgate/proto/router';
import { type Outcome, data, head, trailer } from './chunks.ts';
import { classifyStatus, type Failure, failureBody, failureStatus, parseRetryAfter } from './domain/classify.ts';

const encoder = new TextEncoder();
const MAX_ERROR_BODY = 64 * 1024;

/** A failure as the client sees it: an error head, an OpenAI error body, and the trailer recording it. */
export function* failureChunks(f: Failure, o: Outcome): Generator<CompleteChunk> {
  o.errorClass = f.errorClass;
  o.errorMessage = f.message;
  yield head(failureStatus(f), 'application/json', o.provider, o.model, f.retryAfterS);
  yield data(encoder.encode(failureBody(f)));
  yield trailer(o);
}

/** Reads a non-2xx upstream answer (bounded) and maps it; the upstream body itself is never forwarded. */
export async function upstreamFailure(res: Dispatcher.ResponseData, nowMs: number): Promise<Failure> {
  let message: string | undefined;
  try {
    const text = await readBounded(res.body, MAX_ERROR_BODY);
    const json = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const m = typeof json.error === 'object' ? json.error?.message : (json.error ?? json.message);
    message = typeof m === 'string' ? m : undefined;
  } catch {
    // not JSON, too big or cut: the status alone decides
  }
  const retry = res.headers['retry-after'];
  return classifyStatus(res.statusCode, message, parseRetryAfter(Array.isArray(retry) ? retry[0] : retry, nowMs));
}

async function readBounded(body: Dispatcher.ResponseData['body'], max: number): Promise<string> {
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
