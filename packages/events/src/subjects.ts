// The event vocabulary's addresses: every subject, stream, durable consumer and KV bucket is named here once.
// WARNING: renaming a durable consumer makes JetStream deliver its whole stream again.

/** Stream holding every event; subjects below are all captured by it. */
export const EVENTS_STREAM = 'TG_EVENTS';
export const EVENTS_SUBJECTS = ['tg.events.>'];

/** Stream holding messages that a consumer could never process (see subjects.deadLetter). */
export const DEADLETTER_STREAM = 'TG_DEADLETTER';
export const DEADLETTER_SUBJECTS = ['tg.deadletter.>'];

/** Stream holding alerts (subjects.alert), for webhooks and the api's alert streams to consume. */
export const ALERTS_STREAM = 'TG_ALERTS';
export const ALERTS_SUBJECTS = ['tg.alerts.>'];

const DAY_MS = 86_400_000;

/**
 * Every stream the services publish to, with its retention: composition roots ensure each at start-up. Events
 * are kept 7 days (the window in which projections can be rebuilt by replay; ClickHouse keeps the history),
 * dead letters 30 days (time to look at them), alerts 7 days.
 */
export const STREAMS: ReadonlyArray<{ readonly name: string; readonly subjects: string[]; readonly maxAgeMs: number }> = [
  { name: EVENTS_STREAM, subjects: EVENTS_SUBJECTS, maxAgeMs: 7 * DAY_MS },
  { name: DEADLETTER_STREAM, subjects: DEADLETTER_SUBJECTS, maxAgeMs: 30 * DAY_MS },
  { name: ALERTS_STREAM, subjects: ALERTS_SUBJECTS, maxAgeMs: 7 * DAY_MS },
];

export const subjects = {
  /** One RequestCompleted per gateway request. */
  requestCompleted: (projectId: string) => `tg.events.request.${token(projectId)}`,
  requestCompletedAll: 'tg.events.request.>',
  /** Events logged by applications through the SDK ingestion endpoints. */
  sdkEvent: (projectId: string) => `tg.events.sdk.${token(projectId)}`,
  sdkEventAll: 'tg.events.sdk.>',
  /** KeyChanged / ProjectChanged (proto/tollgate/v1/config.proto), published by api after each committed write. */
  configChanged: (projectId: string) => `tg.events.config.${token(projectId)}`,
  configChangedAll: 'tg.events.config.>',
  /** Poison messages of a durable consumer, with the reason in the DEAD_LETTER_HEADERS.reason header. */
  deadLetter: (durable: string) => `tg.deadletter.${token(durable)}`,
  deadLetterAll: 'tg.deadletter.>',
  /** Alerts raised for a project, by kind (circuit, budget, ...). */
  alert: (projectId: string, kind: string) => `tg.alerts.${token(projectId)}.${token(kind)}`,
} as const;

/** Durable consumer names: `<service>-<handler>`. Never rename one (see the warning above). */
export const durables = {
  ingestRequests: 'ingest-requests',
  cacheFill: 'cache-fill',
  alertsCircuits: 'alerts-circuits',
  alertsBudgets: 'alerts-budgets',
  /**
   * Config changes must reach every replica, so each watching replica needs its own durable (one durable shares
   * its messages among its consumers). Use a name stable across restarts (a pod or host name): each new name
   * starts at the beginning of the stream and stays on the server until removed.
   */
  configWatch: (service: string, replica: string) => `${token(service)}-config-${token(replica)}`,
  ingestSdkEvents: 'ingest-sdk-events',
} as const;

/** Headers of a dead-lettered message: why it was rejected and where it came from. */
export const DEAD_LETTER_HEADERS = {
  reason: 'Tollgate-Dead-Letter-Reason',
  subject: 'Tollgate-Original-Subject',
  durable: 'Tollgate-Durable',
  deliveries: 'Tollgate-Delivery-Count',
} as const;

/** KV buckets holding projected state that the request path reads from memory (watched). */
export const buckets = {
  circuits: 'tg_circuits',
  /** Spend per project and key per period (alerts' budget projection); key: `<project|key>.<id>.<day|month>.<period>`. */
  budgets: 'tg_budgets',
} as const;

/** Bucket TTLs (NATS 2.9 has no per-key TTL): budget records outlive their period by this much. */
export const BUCKET_TTL_MS: Partial<Record<(typeof buckets)[keyof typeof buckets], number>> = {
  tg_budgets: 40 * 86_400_000,
};

/** A subject token may not contain '.', '*', '>' or whitespace; project ids are UUIDs but stay defensive. */
function token(s: string): string {
  return s.replace(/[.*>\s]/g, '_') || '_';
}

/** Creates (or updates) every stream with its subjects and retention: each entry point calls it at start-up. */
export async function ensureStreams(bus: { ensureStream(name: string, subjects: string[], retention?: { maxAgeMs?: number }): Promise<void> }): Promise<void> {
  for (const s of STREAMS) await bus.ensureStream(s.name, s.subjects, s);
}
