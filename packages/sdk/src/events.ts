import type { EventFields as Fields, TollgateEvent } from './types.ts';
import { uuidv7 } from './uuid.ts';

/** The event with an id and a timestamp (ISO 8601, milliseconds, UTC), keeping any the caller set. */
export function completeEvent(event: TollgateEvent, nowMs: number = Date.now()): TollgateEvent {
  return { ...event, event_id: event.event_id ?? uuidv7(nowMs), timestamp: event.timestamp ?? new Date(nowMs).toISOString() };
}

/** A model call: prompt, response, model, tokens, cost and latency. */
export const promptCall = (fields: Fields & { model: string }): TollgateEvent => ({ ...fields, event_type: 'prompt_call' });

/** A tool invocation by an agent or app. */
export const toolCall = (fields: Fields & { tool_name: string }): TollgateEvent => ({ ...fields, event_type: 'tool_call' });

/** One step of an agent run; group steps with `run_id`. */
export const agentStep = (fields: Fields): TollgateEvent => ({ ...fields, event_type: 'agent_step' });

/** A failure; an Error becomes `error_message` (the gateway requires one) and its name goes into metadata. */
export function error(err: unknown, fields: Fields = {}): TollgateEvent {
  const message = err instanceof Error ? err.message : String(err);
  const metadata = err instanceof Error ? { error_name: err.name, ...fields.metadata } : fields.metadata;
  return { status: 'error', ...fields, ...(metadata ? { metadata } : {}), error_message: fields.error_message ?? message, event_type: 'error' };
}
