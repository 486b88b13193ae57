import type { Attempt, ErrorClass } from '@tollgate/proto/events';
import type { CompleteChunk } from '@tollgate/proto/router';

// Builders for the three kinds of CompleteChunk. The contract (router.proto): exactly one head, then data,
// then exactly one trailer. Every answer builds several, so they are literals with every field rather than
// create() calls (which walk the schema's fields by reflection); chunks.test.ts checks they are valid messages.

/** Largest data chunk: gRPC peers reject messages over 4 MiB by default, so big bodies go in pieces. */
export const MAX_DATA_CHUNK = 1 << 20;

/** The head of the answer of the outcome's current attempt (attempt count and fallback from the outcome). */
export function head(status: number, contentType: string, o: Outcome, model: string, retryAfterS = 0): CompleteChunk {
  const fallback = o.tries > 1 && `${o.provider}/${o.model}` !== o.firstTarget;
  const value = { $typeName: 'tollgate.v1.ResponseHead', status, contentType, provider: o.provider, model, retryAfterS, attempts: Math.max(1, o.tries), fallback } as const;
  return { $typeName: 'tollgate.v1.CompleteChunk', kind: { case: 'head', value } };
}

export function data(bytes: Uint8Array): CompleteChunk {
  return { $typeName: 'tollgate.v1.CompleteChunk', kind: { case: 'data', value: bytes } };
}

/** What is known when the answer ended: the current (last) attempt's target and result, and every attempt. */
export interface Outcome {
  provider: string;
  /** Model asked of the provider (prefix stripped, alias resolved). */
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
  /** Every attempt so far, the current one last once it ended (recordAttempt). */
  attempts: Attempt[];
  /** Attempts started, the current one included. */
  tries: number;
  /** `provider/model` of the first attempt, to tell a fallback. */
  firstTarget: string;
}

export function newOutcome(model: string): Outcome {
  return { provider: '', model, servedModel: '', status: 0, tokensIn: 0, tokensOut: 0, costNanousd: 0n, ttftMs: 0, latencyMs: 0, errorClass: 0, errorMessage: '', attempts: [], tries: 0, firstTarget: '' };
}

/** Adds the current attempt (target, upstream status, error class) to the outcome's attempts. */
export function recordAttempt(o: Outcome, latencyMs: number): void {
  o.attempts.push({ $typeName: 'tollgate.v1.Attempt', provider: o.provider, model: o.model, status: o.status, errorClass: o.errorClass, latencyMs: Math.max(0, Math.round(latencyMs)) });
}

export function trailer(o: Outcome): CompleteChunk {
  const value = {
    $typeName: 'tollgate.v1.ResponseTrailer',
    tokensIn: o.tokensIn,
    tokensOut: o.tokensOut,
    costNanousd: o.costNanousd,
    provider: o.provider,
    model: o.servedModel || o.model,
    ttftMs: o.ttftMs,
    errorClass: o.errorClass,
    errorMessage: o.errorMessage,
    attempts: o.attempts,
  } as const;
  return { $typeName: 'tollgate.v1.CompleteChunk', kind: { case: 'trailer', value } };
}

export function headerValue(v: string | string[] | undefined): string {
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}
