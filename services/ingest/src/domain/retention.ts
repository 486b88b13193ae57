// Raw-row retention: which tables expire and the TTL each should carry. Pure; retention.ts applies it.

/** Tables of raw rows. Their TTL follows TOLLGATE_RAW_RETENTION_DAYS; rollups have none and are kept. */
export const RAW_TABLES = ['requests', 'events', 'tool_calls', 'agent_steps', 'request_bodies'] as const;

export const DEFAULT_RAW_RETENTION_DAYS = 30;

/** The TTL clause of a raw table kept `days` days. */
export function ttlExpression(days: number): string {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`raw retention must be a whole number of days from 1, got ${days}`);
  return `toDateTime(occurred_at) + toIntervalDay(${days})`;
}

/**
 * The retention in days that a table's `engine_full` (system.tables) shows, or undefined when it has none.
 * ClickHouse normalizes `INTERVAL 30 DAY` to `toIntervalDay(30)` there.
 */
export function currentTtlDays(engineFull: string): number | undefined {
  const m = /\bTTL\s+toDateTime\(occurred_at\)\s*\+\s*toIntervalDay\((\d+)\)/.exec(engineFull);
  return m ? Number(m[1]) : undefined;
}
