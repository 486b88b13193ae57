import { describe, expect, it } from 'vitest';
import { isValidTimeZone, periodKeys } from './period.ts';

const at = (iso: string) => Date.parse(iso);

describe('periodKeys', () => {
  it('uses UTC by default', () => {
    expect(periodKeys(at('2026-11-23T23:59:59.999Z'))).toEqual({ day: '2026-11-23', month: '2026-11' });
    expect(periodKeys(at('2026-11-24T00:00:00.000Z'))).toEqual({ day: '2026-11-24', month: '2026-11' });
  });

  it('rolls the month at month ends, leap day and year end included', () => {
    expect(periodKeys(at('2028-02-29T12:00:00Z'))).toEqual({ day: '2028-02-29', month: '2028-02' });
    expect(periodKeys(at('2028-03-01T00:00:00Z'))).toEqual({ day: '2028-03-01', month: '2028-03' });
    expect(periodKeys(at('2026-12-31T23:59:59.999Z'))).toEqual({ day: '2026-12-31', month: '2026-12' });
    expect(periodKeys(at('2027-01-01T00:00:00Z'))).toEqual({ day: '2027-01-01', month: '2027-01' });
  });

  it('follows a time zone: midnight in New York is 05:00 UTC in winter and 04:00 in summer', () => {
    const tz = 'America/New_York';
    expect(periodKeys(at('2026-01-15T04:59:59.999Z'), tz).day).toBe('2026-01-14');
    expect(periodKeys(at('2026-01-15T05:00:00Z'), tz).day).toBe('2026-01-15');
    expect(periodKeys(at('2026-07-15T03:59:59.999Z'), tz).day).toBe('2026-07-14');
    expect(periodKeys(at('2026-07-15T04:00:00Z'), tz).day).toBe('2026-07-15');
  });

  it('stays on one day across the DST switches (23- and 25-hour days)', () => {
    const tz = 'America/New_York';
    // 2026-03-08: clocks jump 02:00 -> 03:00 EST->EDT; the day runs 05:00Z..04:00Z next day (23 h).
    expect(periodKeys(at('2026-03-08T05:00:00Z'), tz).day).toBe('2026-03-08');
    expect(periodKeys(at('2026-03-09T03:59:59.999Z'), tz).day).toBe('2026-03-08');
    expect(periodKeys(at('2026-03-09T04:00:00Z'), tz).day).toBe('2026-03-09');
    // 2026-11-01: clocks fall back 02:00 -> 01:00 EDT->EST; the day runs 04:00Z..05:00Z next day (25 h).
    expect(periodKeys(at('2026-11-01T04:00:00Z'), tz).day).toBe('2026-11-01');
    expect(periodKeys(at('2026-11-02T04:59:59.999Z'), tz).day).toBe('2026-11-01');
    expect(periodKeys(at('2026-11-02T05:00:00Z'), tz).day).toBe('2026-11-02');
  });

  it('puts a UTC month end in the zone month it belongs to (east and west of UTC)', () => {
    expect(periodKeys(at('2026-10-31T23:30:00Z'), 'Asia/Tokyo')).toEqual({ day: '2026-11-01', month: '2026-11' });
    expect(periodKeys(at('2026-11-01T03:00:00Z'), 'America/Los_Angeles')).toEqual({ day: '2026-10-31', month: '2026-10' });
    expect(periodKeys(at('2026-12-31T15:00:00Z'), 'Pacific/Kiritimati')).toEqual({ day: '2027-01-01', month: '2027-01' });
    expect(periodKeys(at('2026-03-31T23:30:00Z'), 'Asia/Kolkata')).toEqual({ day: '2026-04-01', month: '2026-04' });
  });

  it('validates zone names', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
