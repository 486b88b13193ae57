import { create } from '@bufbuild/protobuf';
import { AttemptSchema, type ErrorClass } from '@tollgate/proto/events';
import { type CompleteChunk, CompleteChunkSchema } from '@tollgate/proto/router';

// Builders for the three kinds of CompleteChunk. The contract (router.proto): exactly one head, then data,
// then exactly one trailer.

/** Largest data chunk: gRPC peers reject messages over 4 MiB by default, so big bodies go in pieces. */
export const MAX_DATA_CHUNK = 1 << 20;

export function head(status: number, contentType: string, provider: string, model: string, retryAfterS = 0): CompleteChunk {
  return create(CompleteChunkSchema, { kind: { case: 'head', value: { status, contentType, provider, model, retryAfterS } } });
}

export function data(bytes: Uint8Array): CompleteChunk {
  return create(CompleteChunkSchema, { kind: { case: 'data', value: bytes } });
}

/** What is known when the answer ended; everything the trailer and its single attempt report. */
export interface Outcome {
  provider: string;
  /** Model asked of the provider (prefix stripped). */
  model: string;
  /** Model the provider says served the answer ('' if it did not say). */
  servedModel: string;
  /** Upstream HTTP status, 0 if no answer arrived. */
  status: number;
  tokensIn: number;
  tokensOut: number;
  costNanousd: bigint;
  ttftMs: number;
  latencyMs: number;
  errorClass: ErrorClass;
  errorMessage: string;
}

export function trailer(o: Outcome): CompleteChunk {
  const attempts = o.provider ? [create(AttemptSchema, { provider: o.provider, model: o.model, status: o.status, errorClass: o.errorClass, latencyMs: o.latencyMs })] : [];
  return create(CompleteChunkSchema, {
    kind: {
      case: 'trailer',
      value: {
        tokensIn: o.tokensIn,
        tokensOut: o.tokensOut,
        costNanousd: o.costNanousd,
        provider: o.provider,
        model: o.servedModel || o.model,
        ttftMs: o.ttftMs,
        errorClass: o.errorClass,
        errorMessage: o.errorMessage,
        attempts,
      },
    },
  });
}
