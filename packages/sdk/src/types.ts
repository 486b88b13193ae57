// The wire vocabulary of the gateway's SDK event endpoints (issue 5). Field names are the gateway's snake_case so
// that an event is sent exactly as written; fields the gateway does not know are kept in its `metadata`.

export type EventType = 'prompt_call' | 'tool_call' | 'agent_step' | 'error' | (string & {});

/** Every field of an event except its type (what the helpers take). */
export interface EventFields {
  /** UUID; `log()` fills a UUIDv7 when absent. The gateway ignores a second event with the same id. */
  event_id?: string;
  /** ISO 8601 with milliseconds; `log()` fills the current time when absent. */
  timestamp?: string;
  prompt?: string;
  response?: string;
  model?: string;
  tokens_input?: number;
  tokens_output?: number;
  cost_estimate_usd?: number;
  latency_ms?: number;
  status?: string;
  error_message?: string;
  tool_name?: string;
  tool_input?: unknown;
  tool_output?: unknown;
  step?: number | string;
  run_id?: string;
  user_id?: string;
  metadata?: Record<string, unknown>;
  /** Anything else: the gateway keeps unknown fields in `metadata`. */
  [extra: string]: unknown;
}

export interface TollgateEvent extends EventFields {
  event_type: EventType;
}

/** One item the gateway refused, with its reason (and the offending field when it named one). */
export interface RejectedItem {
  index: number;
  event_id?: string;
  reason: string;
  field?: string;
}

export interface BatchResult {
  accepted: number;
  /** Events whose event_id the gateway had already seen in this batch (stored once). */
  duplicates: number;
  rejected: RejectedItem[];
  /** The gateway's body as received, for fields this SDK does not interpret. */
  raw: unknown;
}

/** What `onError` receives for events that will not reach the gateway. */
export interface DeliveryFailure {
  /** rejected: the gateway refused them (not retried); failed: gave up (retries spent or a non-retryable status);
   * dropped: the queue was full or the client closed. */
  kind: 'rejected' | 'failed' | 'dropped';
  message: string;
  status?: number;
  items: Array<{ event: TollgateEvent; reason: string; field?: string }>;
  cause?: unknown;
}

export interface ClientStats {
  queued: number;
  sent: number;
  rejected: number;
  failed: number;
  dropped: number;
}

export interface ProjectMetrics {
  total_requests: number;
  error_rate: number;
  total_tokens: number;
  total_cost_usd: number;
  top_models: Array<{ model: string; [k: string]: unknown }>;
  [k: string]: unknown;
}
