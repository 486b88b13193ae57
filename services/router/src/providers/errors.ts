import { classifyStatus, type Failure, parseRetryAfter } from '../domain/classify.ts';
import { isObject, jsonObject } from './content.ts';

/** Message and code of a provider's error body, whatever its dialect. */
export interface ErrorInfo {
  message: string | undefined;
  code: string;
}

/**
 * Reads the error bodies providers send: OpenAI and compatibles `{error: {message, type, code}}`, Anthropic
 * `{type: "error", error: {type, message}}`, Gemini `{error: {code, message, status}}` (also inside a list),
 * FastAPI-style `{detail}` and bare `{message}`.
 */
export function errorInfo(text: string | undefined): ErrorInfo {
  if (!text) return { message: undefined, code: '' };
  let json = jsonObject(text);
  if (!json && text.trimStart().startsWith('[')) json = jsonObject(JSON.stringify((JSON.parse(text) as unknown[])[0] ?? {}));
  if (!json) return { message: undefined, code: '' };
  const e = isObject(json.error) ? json.error : undefined;
  const message = [e?.message, typeof json.error === 'string' ? json.error : undefined, json.message, json.detail].find((m) => typeof m === 'string') as string | undefined;
  const code = [e?.code, e?.type, e?.status].filter((c) => typeof c === 'string' || typeof c === 'number').join(' ');
  return { message, code };
}

/** A non-2xx upstream answer as a Failure; the body is read for its message and code, never forwarded. */
export function classifyUpstream(status: number, text: string | undefined, headers: { retryAfter?: string; retryAfterMs?: string }, nowMs: number): Failure {
  let info: ErrorInfo;
  try {
    info = errorInfo(text);
  } catch {
    info = { message: undefined, code: '' };
  }
  const ms = Number(headers.retryAfterMs);
  const retryS = Number.isFinite(ms) && ms > 0 ? Math.ceil(ms / 1000) : parseRetryAfter(headers.retryAfter, nowMs);
  const f = classifyStatus(status, info.message, retryS, info.code);
  if (f.retryAfterS && Number.isFinite(ms) && ms > 0) f.retryAfterMs = ms;
  return f;
}
