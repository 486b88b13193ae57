import { type Failure, unsupported } from '../domain/classify.ts';
import { prepareBody } from '../domain/request.ts';
import { answerFacts } from '../domain/response.ts';
import { SseScanner } from '../domain/sse.ts';
import type { Adapter, DecodeCtx, Decoded, EncodeInput, Encoded, StreamDecoder } from './provider.ts';

export interface OpenAiLikeOptions {
  /** Add stream_options.include_usage to streams (default true); false for vendors that refuse unknown fields. */
  streamUsage?: boolean;
  /** Extra fixed headers (e.g. attribution headers some vendors ask for). */
  headers?: Record<string, string>;
}

/**
 * OpenAI's own wire format, and every vendor that speaks it. The body passes through byte for byte unless the
 * model must be rewritten or a stream must be asked for usage; answers pass through untouched (JSON answers are
 * read for usage; streams are scanned, not parsed). Any OpenAI endpoint is forwarded.
 */
export function openAiLike(defaultBaseUrl: string, opts: OpenAiLikeOptions = {}): Adapter {
  const askUsage = opts.streamUsage ?? true;
  return {
    defaultBaseUrl,
    supports: () => true,
    headers: (apiKey) => (apiKey ? { ...opts.headers, authorization: `Bearer ${apiKey}` } : { ...opts.headers }),
    encode: (input) => passthrough(input, input.endpoint, askUsage),
    decode: decodePassthrough,
    stream: streamPassthrough,
  };
}

export const openai = openAiLike('https://api.openai.com/v1');

/** The client's body for an OpenAI-format upstream at `path`. */
export function passthrough(input: EncodeInput, path: string, askUsage: boolean): Encoded | Failure {
  const rewrite = input.model !== input.requestedModel ? input.model : undefined;
  const p = prepareBody(input.raw, input.stream, rewrite, askUsage);
  if (!p) return unsupported('the request body is not a JSON object');
  return { path, body: p.body, clientUsage: p.clientUsage, promptChars: p.promptChars };
}

export function decodePassthrough(body: Buffer): Decoded | undefined {
  const facts = answerFacts(body.toString('utf8'));
  return facts && { body, facts };
}

export function streamPassthrough(ctx: DecodeCtx): StreamDecoder {
  return new SseScanner(ctx.clientUsage);
}
