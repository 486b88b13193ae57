import { describe, expect, it } from 'vitest';
import { currentTtlDays, ttlExpression } from './retention.ts';

describe('raw retention', () => {
  it('reads the days of a TTL as system.tables shows it', () => {
    const engine = "MergeTree PARTITION BY toYYYYMM(occurred_at) ORDER BY (project_id, occurred_at, event_id) TTL toDateTime(occurred_at) + toIntervalDay(30) SETTINGS index_granularity = 8192";
    expect(currentTtlDays(engine)).toBe(30);
    expect(currentTtlDays(engine.replace('toIntervalDay(30)', 'toIntervalDay(7)'))).toBe(7);
    expect(currentTtlDays('MergeTree ORDER BY x')).toBeUndefined();
  });

  it('builds the TTL of a whole number of days and refuses anything else', () => {
    expect(ttlExpression(90)).toBe('toDateTime(occurred_at) + toIntervalDay(90)');
    expect(() => ttlExpression(0)).toThrow(RangeError);
    expect(() => ttlExpression(1.5)).toThrow(RangeError);
  });
});
