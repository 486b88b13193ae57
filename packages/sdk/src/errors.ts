/** A gateway answer the SDK could not turn into success, or a network failure after every retry. */
export class TollgateError extends Error {
  /** HTTP status; undefined when the gateway was never reached. */
  readonly status: number | undefined;
  /** OpenAI-shaped error code from the gateway (`invalid_request`, `invalid_api_key`, ...). */
  readonly code: string | undefined;
  /** The request field the gateway named as invalid. */
  readonly param: string | undefined;
  readonly body: unknown;

  constructor(message: string, opts: { status?: number; code?: string; param?: string; body?: unknown; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'TollgateError';
    this.status = opts.status;
    this.code = opts.code;
    this.param = opts.param;
    this.body = opts.body;
  }
}

/** A TollgateError from a gateway answer, reading OpenAI's `{"error":{message,code,param}}` when present. */
export function errorFromResponse(status: number, body: unknown): TollgateError {
  const e = (body as { error?: { message?: unknown; code?: unknown; param?: unknown } } | null)?.error;
  const message = typeof e?.message === 'string' ? e.message : `gateway answered ${status}`;
  return new TollgateError(message, {
    status,
    body,
    code: typeof e?.code === 'string' ? e.code : undefined,
    param: typeof e?.param === 'string' ? e.param : undefined,
  });
}
