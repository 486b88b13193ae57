// A validated SDK event as the SdkEvent message ingest consumes, wrapped in its envelope. Pure.
import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { encodeEvent, storeBodiesMark, subjects } from '@tollgate/events';
import { type SdkEvent, SdkEventSchema } from '@tollgate/proto/sdk';
import type { ApiKeyIdentity } from './auth.ts';
import type { SdkEventInput } from './sdk-events-validate.ts';

export interface OutgoingEvent {
  subject: string;
  /** Publish id (JetStream Nats-Msg-Id): scoped by project, so another project's event_id never collides. */
  publishId: string;
  bytes: Uint8Array;
}

/**
 * `who.storeBodies` is the project's choice (or ingress's default), and travels as the event's mark. With 'off' the
 * prompt, response and tool input and output are not even sent on: nothing will store them.
 */
export function toSdkEvent(e: SdkEventInput, who: ApiKeyIdentity, receivedMs: number): SdkEvent {
  const body = (s: string) => (who.storeBodies === 'off' ? '' : s);
  return create(SdkEventSchema, {
    eventId: e.eventId,
    projectId: who.projectId,
    keyId: who.keyId,
    eventType: e.eventType,
    timestamp: timestampFromMs(e.timestampMs),
    receivedAt: timestampFromMs(receivedMs),
    runId: e.runId,
    userId: e.userId,
    model: e.model,
    status: e.status,
    tokensInput: e.tokensInput,
    tokensOutput: e.tokensOutput,
    costNanousd: e.costNanousd,
    latencyMs: e.latencyMs,
    errorMessage: e.errorMessage,
    toolName: e.toolName,
    step: e.step,
    prompt: body(e.prompt),
    response: body(e.response),
    toolInput: body(e.toolInput),
    toolOutput: body(e.toolOutput),
    metadataJson: e.metadataJson,
    storeBodies: storeBodiesMark(who.storeBodies),
  });
}

/** The envelope id is the event_id and its occurred_at the event's timestamp: a retry encodes to the same event. */
export function outgoing(e: SdkEventInput, who: ApiKeyIdentity, receivedMs: number): OutgoingEvent {
  const { bytes } = encodeEvent(SdkEventSchema, toSdkEvent(e, who, receivedMs), { projectId: who.projectId, nowMs: e.timestampMs, id: e.eventId });
  return { subject: subjects.sdkEvent(who.projectId), publishId: `${who.projectId}:${e.eventId}`, bytes };
}
