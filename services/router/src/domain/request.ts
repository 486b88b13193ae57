// The body sent upstream. A JSON request whose model needs no rewriting is forwarded byte for byte, unparsed
// (the common case on the hot path). Only a prefixed model or a streamed request costs a parse.

export interface Prepared {
  body: Uint8Array | string;
  /** Whether the client itself asked for the usage chunk of a stream (stream_options.include_usage). */
  clientUsage: boolean;
  /** Characters of prompt text, for estimating tokens when a stream reports no usage (-1: not counted). */
  promptChars: number;
}

const decoder = new TextDecoder();

/**
 * undefined when the body is not a JSON object. askUsage: add stream_options.include_usage to a stream (false for
 * vendors that refuse unknown fields and report usage anyway).
 */
export function prepareBody(raw: Uint8Array, stream: boolean, rewriteModel: string | undefined, askUsage = true): Prepared | undefined {
  if (!stream && rewriteModel === undefined) return { body: raw, clientUsage: false, promptChars: -1 };
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(decoder.decode(raw));
  } catch {
    return undefined;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
  if (rewriteModel !== undefined) json.model = rewriteModel;
  let clientUsage = false;
  if (stream && askUsage) {
    // Always ask for usage so a stream is never recorded at zero; the client only sees it if it asked too.
    const opts = json.stream_options && typeof json.stream_options === 'object' ? (json.stream_options as Record<string, unknown>) : {};
    clientUsage = opts.include_usage === true;
    json.stream_options = { ...opts, include_usage: true };
  } else if (stream) clientUsage = true; // usage arrives only if the vendor volunteers it: never strip it
  return { body: JSON.stringify(json), clientUsage, promptChars: stream ? promptChars(json) : -1 };
}

/** Text characters of a chat (messages), completion (prompt) or embeddings (input) request. */
export function promptChars(json: Record<string, unknown>): number {
  let n = 0;
  const add = (v: unknown): void => {
    if (typeof v === 'string') n += v.length;
    else if (Array.isArray(v)) for (const x of v) add(x);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      add(o.content ?? o.text);
    }
  };
  add(json.messages);
  add(json.prompt);
  add(json.input);
  return n;
}

/** An OpenAI-style endpoint path ("/chat/completions"): no traversal, query or host can be smuggled upstream. */
export function validEndpoint(endpoint: string): boolean {
  return /^\/[A-Za-z0-9_\-/.]{1,128}$/.test(endpoint) && !endpoint.includes('..') && !endpoint.includes('//');
}

/** The body's `user` field (for sticky routing), '' when absent or the body is not JSON. */
export function stickyUser(raw: Uint8Array): string {
  try {
    const user = (JSON.parse(decoder.decode(raw)) as { user?: unknown }).user;
    return typeof user === 'string' ? user : '';
  } catch {
    return '';
  }
}
