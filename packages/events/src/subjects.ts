// The event vocabulary's addresses: every subject, stream, durable consumer and KV bucket is named here once.
// WARNING: renaming a durable consumer makes JetStream deliver its whole stream again.

/** Stream holding every event; subjects below are all captured by it. */
export const EVENTS_STREAM = 'TG_EVENTS';
export const EVENTS_SUBJECTS = ['tg.events.>'];

export const subjects = {
  /** One RequestCompleted per gateway request. */
  requestCompleted: (projectId: string) => `tg.events.request.${token(projectId)}`,
  requestCompletedAll: 'tg.events.request.>',
  /** Events logged by applications through the SDK ingestion endpoints. */
  sdkEvent: (projectId: string) => `tg.events.sdk.${token(projectId)}`,
  sdkEventAll: 'tg.events.sdk.>',
  /** Alerts raised for a project, by kind (circuit, budget, ...). */
  alert: (projectId: string, kind: string) => `tg.alerts.${token(projectId)}.${token(kind)}`,
} as const;

/** Durable consumer names: `<service>-<handler>`. Never rename one (see the warning above). */
export const durables = {
  ingestRequests: 'ingest-requests',
  cacheFill: 'cache-fill',
  alertsCircuits: 'alerts-circuits',
} as const;

/** KV buckets holding projected state that the request path reads from memory (watched). */
export const buckets = {
  circuits: 'tg_circuits',
} as const;

/** A subject token may not contain '.', '*', '>' or whitespace; project ids are UUIDs but stay defensive. */
function token(s: string): string {
  return s.replace(/[.*>\s]/g, '_') || '_';
}
