import type { ProviderConfig } from '@tollgate/config';
import type { Failure } from '../domain/classify.ts';
import type { Usage } from '../domain/sse.ts';

// The contract every provider adapter implements: pure functions from the OpenAI request the client sent to the
// provider's native request, and from its native answer (JSON or SSE) back to OpenAI's format. No I/O here:
// the router does the HTTP call and hands bytes in. One file (or one small folder of files) per wire format;
// vendors that speak OpenAI's format are one line each in openai-compatible.ts.

/** What an adapter needs to build one upstream request. */
export interface EncodeInput {
  /** OpenAI endpoint path the client called: "/chat/completions", "/embeddings", "/completions". */
  endpoint: string;
  stream: boolean;
  /** The client's JSON body, as sent. */
  raw: Uint8Array;
  /** Model to ask of the provider. */
  model: string;
  /** Model the body names (the client's); a passthrough adapter rewrites the body only when the two differ. */
  requestedModel: string;
}

/** One upstream request, relative to the provider's base URL. Headers beyond `authHeaders` (rarely any). */
export interface Encoded {
  /** Path (and query) appended to the base URL's path. */
  path: string;
  body: Uint8Array | string;
  /** Whether the client asked for the usage chunk of a stream (stream_options.include_usage). */
  clientUsage: boolean;
  /** Characters of prompt text for a token estimate when a stream reports no usage (-1: not counted). */
  promptChars: number;
  /** What the adapter must remember from the request to decode the answer (e.g. the embeddings encoding). */
  memo?: Record<string, unknown>;
}

/** What is known when decoding an answer. */
export interface DecodeCtx {
  endpoint: string;
  /** Model asked of the provider. */
  model: string;
  clientUsage: boolean;
  promptChars: number;
  memo?: Record<string, unknown>;
  /** Unix seconds, for the `created` field of translated answers. */
  nowS: number;
  /** Request id, for the `id` of translated answers that have none. */
  id: string;
}

/** Usage and served model of a JSON answer. */
export interface AnswerFacts extends Usage {
  model: string;
}

/** A complete JSON answer in OpenAI's format (passthrough adapters return the upstream bytes untouched). */
export interface Decoded {
  body: Uint8Array | string;
  facts: AnswerFacts;
}

/**
 * A native SSE stream translated to OpenAI chat.completion.chunk events as it arrives. push() returns complete
 * events only (undefined when none is complete); end() flushes whatever the end of the stream completes.
 */
export interface StreamDecoder {
  push(chunk: Buffer): Buffer | undefined;
  end(): Buffer | undefined;
  /** The stream ended properly (OpenAI [DONE], Anthropic message_stop, Gemini finishReason). */
  readonly done: boolean;
  readonly sawContent: boolean;
  readonly sawError: boolean;
  readonly usage: Usage | undefined;
  readonly model: string;
  readonly contentChars: number;
}

export interface Adapter {
  /** Default base URL of the kind ('' when there is none, e.g. azure: each resource has its own). */
  readonly defaultBaseUrl: string;
  /** Whether this provider serves an endpoint (another one is refused without calling it, so a fallback may). */
  supports(endpoint: string): boolean;
  /** Request headers carrying the credential and protocol version; built once per provider and key. */
  headers(apiKey: string, cfg: ProviderConfig): Record<string, string>;
  /** The upstream request, or a Failure when the body cannot be sent (not JSON, unsupported content). */
  encode(input: EncodeInput, cfg: ProviderConfig): Encoded | Failure;
  /** undefined when the answer is not what the provider's format promises (malformed). */
  decode(body: Buffer, ctx: DecodeCtx): Decoded | undefined;
  stream(ctx: DecodeCtx): StreamDecoder;
}

export function isFailure(x: Encoded | Failure): x is Failure {
  return 'errorClass' in x;
}
