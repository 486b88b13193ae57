// Maps an SdkEvent to one row of ClickHouse's `events` table (migrations/0002_sdk_events.sql). Pure: the same
// message always yields the same row, so a replayed stream rebuilds the table.
import { timestampMs } from '@bufbuild/protobuf/wkt';
import type { Envelope } from '@tollgate/proto/events';
import type { SdkEvent } from '@tollgate/proto/sdk';
import { type Redactor, redact } from './redact.ts';
import { formatDateTime64 } from './row.ts';
import { type StoreBodiesMode, storeBodiesMode, storedText } from './store-bodies.ts';

/** One `events` row as sent in JSONEachRow (Int64 as a decimal string). */
export interface EventRow {
  event_id: string;
  project_id: string;
  key_id: string;
  event_type: string;
  occurred_at: string;
  received_at: string;
  run_id: string;
  user_id: string;
  model: string;
  status: string;
  tokens_input: number;
  tokens_output: number;
  cost_nanousd: string;
  latency_ms: number;
  error_message: string;
  tool_name: string;
  step: string;
  prompt: string;
  response: string;
  tool_input: string;
  tool_output: string;
  metadata: string;
}

export interface EventRowOptions {
  /**
   * What is stored of prompts, responses and tool input/output for events marked "unspecified" (the event's own
   * mark, the project's choice, wins): nothing, redacted, or as sent. Error messages and metadata are always
   * stored, redacted.
   */
  defaultStoreBodies: StoreBodiesMode;
  /** Default: redact() (e-mails, API keys, card numbers). */
  redact?: Redactor;
}

/** Throws a TypeError for an event that can never be stored (no id, project or time): the caller dead-letters it. */
export function toEventRow(env: Envelope, ev: SdkEvent, opts: EventRowOptions): EventRow {
  if (!env.id) throw new TypeError('envelope has no id');
  const projectId = ev.projectId || env.projectId;
  if (!projectId) throw new TypeError('event has no project');
  const occurred = env.occurredAt ?? ev.timestamp;
  if (!occurred || timestampMs(occurred) <= 0) throw new TypeError('event has no timestamp');
  const clean = opts.redact ?? redact;
  const mode = storeBodiesMode(ev.storeBodies, opts.defaultStoreBodies);
  const body = (s: string) => storedText(mode, s, clean);
  return {
    event_id: env.id,
    project_id: projectId,
    key_id: ev.keyId,
    event_type: ev.eventType,
    occurred_at: formatDateTime64(timestampMs(occurred)),
    received_at: formatDateTime64(ev.receivedAt ? timestampMs(ev.receivedAt) : timestampMs(occurred)),
    run_id: ev.runId,
    user_id: ev.userId,
    model: ev.model,
    status: ev.status,
    tokens_input: ev.tokensInput,
    tokens_output: ev.tokensOutput,
    cost_nanousd: ev.costNanousd.toString(),
    latency_ms: ev.latencyMs,
    error_message: clean(ev.errorMessage),
    tool_name: ev.toolName,
    step: ev.step,
    prompt: body(ev.prompt),
    response: body(ev.response),
    tool_input: body(ev.toolInput),
    tool_output: body(ev.toolOutput),
    metadata: clean(ev.metadataJson || '{}'),
  };
}
