// Validation of SDK events (the contract WatchLLM-style SDKs speak). Pure: the clock is passed in.
import { absent, FieldError, isObject, isoTimestamp, millis, shortString, text, uint32, usdToNano, uuid, withinBytes } from './sdk-events-fields.ts';

export interface SdkEventLimits {
  maxEventsPerBatch: number;
  /** Largest prompt, response, tool input or output, error message and metadata, in bytes of UTF-8. */
  maxFieldBytes: number;
  /** Longest id or name (run_id, user_id, model, status, tool_name, step, event_type). */
  maxNameChars: number;
  /** Oldest accepted timestamp, relative to now (older rows would fall out of raw retention at once). */
  maxAgeMs: number;
  /** Furthest accepted timestamp in the future (clock skew). */
  maxFutureMs: number;
  maxCostUsd: number;
}

export const DEFAULT_SDK_EVENT_LIMITS: SdkEventLimits = {
  maxEventsPerBatch: 1000,
  maxFieldBytes: 64 * 1024,
  maxNameChars: 256,
  maxAgeMs: 30 * 86_400_000,
  maxFutureMs: 86_400_000,
  maxCostUsd: 1_000_000,
};

/** The event types with a meaning of their own; any other name matching CUSTOM_TYPE is a custom event. */
export const EVENT_TYPES = ['prompt_call', 'tool_call', 'agent_step', 'error'] as const;
const CUSTOM_TYPE = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

/** Fields with a place of their own; every other field is kept in metadata. */
const KNOWN = new Set([
  'event_id', 'event_type', 'timestamp', 'project_id', 'prompt', 'response', 'model', 'tokens_input', 'tokens_output',
  'cost_estimate_usd', 'latency_ms', 'status', 'error_message', 'tool_name', 'tool_input', 'tool_output', 'step',
  'run_id', 'user_id', 'metadata',
]);

export interface SdkEventInput {
  eventId: string;
  eventType: string;
  timestampMs: number;
  /** The project_id the client sent, if any (the caller checks it against the key's project). */
  projectId: string | undefined;
  runId: string;
  userId: string;
  model: string;
  status: string;
  tokensInput: number;
  tokensOutput: number;
  costNanousd: bigint;
  latencyMs: number;
  errorMessage: string;
  toolName: string;
  step: string;
  prompt: string;
  response: string;
  toolInput: string;
  toolOutput: string;
  metadataJson: string;
}

export type Validated = { ok: true; event: SdkEventInput } | { ok: false; field: string; message: string };

export function validateSdkEvent(raw: unknown, nowMs: number, limits: SdkEventLimits = DEFAULT_SDK_EVENT_LIMITS): Validated {
  try {
    return { ok: true, event: readEvent(raw, nowMs, limits) };
  } catch (err) {
    if (err instanceof FieldError) return { ok: false, field: err.field, message: err.message };
    throw err;
  }
}

function readEvent(raw: unknown, nowMs: number, l: SdkEventLimits): SdkEventInput {
  if (!isObject(raw)) throw new FieldError('', 'an event must be a JSON object');
  const e = raw;
  const eventId = uuid(e.event_id, 'event_id');
  const eventType = shortString(e.event_type, 'event_type', 64);
  if (!CUSTOM_TYPE.test(eventType)) throw new FieldError('event_type', '`event_type` is required: prompt_call, tool_call, agent_step, error, or a name of your own ([A-Za-z][A-Za-z0-9_.:-]*)');
  const timestampMs = isoTimestamp(e.timestamp, 'timestamp');
  if (timestampMs < nowMs - l.maxAgeMs) throw new FieldError('timestamp', `\`timestamp\` is more than ${Math.round(l.maxAgeMs / 86_400_000)} days old`);
  if (timestampMs > nowMs + l.maxFutureMs) throw new FieldError('timestamp', '`timestamp` is too far in the future');
  const name = (f: string) => shortString(e[f], f, l.maxNameChars);
  const step = typeof e.step === 'number' ? stepNumber(e.step) : name('step');
  const errorMessage = absent(e.error_message) ? errorAlias(e.error, l.maxFieldBytes) : text(e.error_message, 'error_message', l.maxFieldBytes, { structured: false });
  const event: SdkEventInput = {
    eventId,
    eventType,
    timestampMs,
    projectId: absent(e.project_id) ? undefined : shortString(e.project_id, 'project_id', l.maxNameChars),
    runId: name('run_id'),
    userId: name('user_id'),
    model: name('model'),
    status: name('status'),
    tokensInput: uint32(e.tokens_input, 'tokens_input'),
    tokensOutput: uint32(e.tokens_output, 'tokens_output'),
    costNanousd: usdToNano(e.cost_estimate_usd, 'cost_estimate_usd', l.maxCostUsd),
    latencyMs: millis(e.latency_ms, 'latency_ms'),
    errorMessage,
    toolName: name('tool_name'),
    step,
    prompt: text(e.prompt, 'prompt', l.maxFieldBytes, { structured: true }),
    response: text(e.response, 'response', l.maxFieldBytes, { structured: true }),
    toolInput: text(e.tool_input, 'tool_input', l.maxFieldBytes, { structured: true }),
    toolOutput: text(e.tool_output, 'tool_output', l.maxFieldBytes, { structured: true }),
    metadataJson: metadata(e, l.maxFieldBytes),
  };
  requireByType(event);
  return event;
}

function requireByType(e: SdkEventInput): void {
  if (e.eventType === 'prompt_call' && !e.model) throw new FieldError('model', '`model` is required for a prompt_call event');
  if (e.eventType === 'tool_call' && !e.toolName) throw new FieldError('tool_name', '`tool_name` is required for a tool_call event');
  if (e.eventType === 'error' && !e.errorMessage) throw new FieldError('error_message', '`error_message` is required for an error event');
}

function stepNumber(v: number): string {
  if (!Number.isInteger(v) || v < 0) throw new FieldError('step', '`step` must be a whole number from 0, or a name');
  return String(v);
}

/** SDKs that send `error: {message, type, stack}` instead of error_message (the object also stays in metadata). */
function errorAlias(v: unknown, maxBytes: number): string {
  const message = typeof v === 'string' ? v : isObject(v) && typeof v.message === 'string' ? v.message : '';
  return withinBytes(message, 'error', maxBytes);
}

/** The client's metadata object, with every unknown field added (metadata's own keys win), as JSON text. */
function metadata(e: Record<string, unknown>, maxBytes: number): string {
  if (!absent(e.metadata) && !isObject(e.metadata)) throw new FieldError('metadata', '`metadata` must be an object');
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) if (!KNOWN.has(k)) out[k] = v;
  Object.assign(out, e.metadata ?? {});
  return withinBytes(JSON.stringify(out), 'metadata', maxBytes);
}
