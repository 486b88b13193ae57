// Test and benchmark fixtures: SDK events encoded as ingress publishes them, and the rollups they must produce.
import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { encodeEvent, subjects, uuidv7 } from '@tollgate/events';
import { SdkEventSchema } from '@tollgate/proto/sdk';
import type { UsageTotals } from './rollups.ts';

export interface FixtureSdkEvent {
  id: string;
  subject: string;
  /** The publish id ingress uses: project-scoped event id. */
  publishId: string;
  bytes: Uint8Array;
  projectId: string;
  eventType: string;
  model: string;
  error: boolean;
  tokensIn: number;
  tokensOut: number;
  costNanousd: bigint;
  latencyMs: number;
}

const TYPES = ['prompt_call', 'prompt_call', 'tool_call', 'agent_step', 'error', 'custom.checkpoint'];

/** SDK event number i of a deterministic mix: 3 projects, 6 types, 2 models, every 7th prompt call times out. */
export function fixtureSdkEvent(i: number, nowMs: number, projectPrefix = 'proj'): FixtureSdkEvent {
  const projectId = `${projectPrefix}-${i % 3}`;
  const eventType = TYPES[i % TYPES.length];
  const model = eventType === 'prompt_call' || eventType === 'agent_step' ? ['gpt-4o', 'claude-sonnet-4'][i % 2] : '';
  const status = eventType === 'error' ? 'error' : i % 7 === 0 ? 'timeout' : 'success';
  const error = status !== 'success';
  const tokensIn = eventType === 'prompt_call' ? 50 + (i % 40) : 0;
  const tokensOut = eventType === 'prompt_call' ? 10 + (i % 20) : 0;
  const costNanousd = BigInt(tokensIn * 2500 + tokensOut * 10000);
  const latencyMs = 100 + (i % 900);
  const t = nowMs + i;
  const id = uuidv7(t);
  const payload = create(SdkEventSchema, {
    eventId: id,
    projectId,
    keyId: `key-${i % 2}`,
    eventType,
    timestamp: timestampFromMs(t),
    receivedAt: timestampFromMs(t + 5),
    runId: `run-${Math.floor(i / 6)}`,
    userId: `user-${i % 4}`,
    model,
    status,
    tokensInput: tokensIn,
    tokensOutput: tokensOut,
    costNanousd,
    latencyMs,
    errorMessage: error ? `failed for ops-${i}@example.com` : '',
    toolName: eventType === 'tool_call' ? 'search' : '',
    step: eventType === 'agent_step' ? String(i % 5) : '',
    prompt: eventType === 'prompt_call' ? `prompt ${i} from jane@example.com` : '',
    response: eventType === 'prompt_call' ? `answer ${i}` : '',
    toolInput: eventType === 'tool_call' ? `{"q":"item ${i}"}` : '',
    toolOutput: eventType === 'tool_call' ? '{"hits":3}' : '',
    metadataJson: JSON.stringify({ n: i }),
  });
  const { bytes } = encodeEvent(SdkEventSchema, payload, { projectId, nowMs: t, id });
  return { id, subject: subjects.sdkEvent(projectId), publishId: `${projectId}:${id}`, bytes, projectId, eventType, model, error, tokensIn, tokensOut, costNanousd, latencyMs };
}

/** What daily_usage (source 'sdk') must hold for these events, keyed `project|model`: prompt calls only. */
export function expectedSdkUsage(events: readonly FixtureSdkEvent[]): Map<string, UsageTotals> {
  const out = new Map<string, UsageTotals>();
  for (const e of events) {
    if (e.eventType !== 'prompt_call') continue;
    const key = `${e.projectId}|${e.model}`;
    const m = out.get(key) ?? { requests: 0, errors: 0, tokens_in: 0, tokens_out: 0, cost_nanousd: 0n, cache_hits: 0 };
    m.requests++;
    m.errors += e.error ? 1 : 0;
    m.tokens_in += e.tokensIn;
    m.tokens_out += e.tokensOut;
    m.cost_nanousd += e.costNanousd;
    out.set(key, m);
  }
  return out;
}

/** Events of each type, as `events`, `tool_calls` and `agent_steps` must count them. */
export function countByType(events: readonly FixtureSdkEvent[]): { events: number; tool_calls: number; agent_steps: number } {
  return {
    events: events.length,
    tool_calls: events.filter((e) => e.eventType === 'tool_call').length,
    agent_steps: events.filter((e) => e.eventType === 'agent_step').length,
  };
}
