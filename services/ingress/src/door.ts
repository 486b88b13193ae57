import type { GatewayError } from '@tollgate/errors';
import type { ApiKeyIdentity } from './auth.ts';
import type { CompletionFacts } from './domain/completion.ts';
import type { FlowDeps } from './flow.ts';

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
}
