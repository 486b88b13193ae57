import type { GatewayError } from '@tollgate/errors';
import type { ApiKeyIdentity } from './auth.ts';
import type { CompletionFacts } from './domain/completion.ts';
import type { Admitted } from './admission.ts';
import type { FlowDeps, Prepared } from './flow.ts';

/** What every front door (HTTP or gRPC) shares: the flow's dependencies, auth, the event publisher. */
export interface DoorContext {
  flow: FlowDeps;
  /** The identity behind an `Authorization: Bearer tg_...` value, or a 401. */
  authenticate(authorization: string | undefined): Promise<ApiKeyIdentity>;
  /** Records a finished request (RequestCompleted event, metrics); never blocks. */
  publish(facts: CompletionFacts): void;
  maxBodyBytes: number;
  now(): number;
  onRejected?(e: GatewayError): void;
  /**
   * Rate limits, budgets and the key's allowed models for a prepared request: a ticket to settle when it ends,
   * or a GatewayError (429 with retry-after and x-ratelimit-* headers, 402, 403).
   */
  admit(who: ApiKeyIdentity, req: Prepared): Promise<Admitted | undefined>;
}
