import { describe, expect, it } from 'vitest';
import { parseLimit, parseChoice, parseRequired } from './params.ts';
import { addDays, daysBetween, MAX_DAYS, parseAnalyticsRange } from './range.ts';

const now = new Date('2025-03-10T15:30:00Z');
const range = (q: string) => parseAnalyticsRange(new URLSearchParams(q), now);
const status = (fn: () => unknown) => {
  try {
    fn();
    return 200;
  } catch (e) {
    return (e as { status: number }).status;
  }
};

describe('analytics range', () => {
  it('defaults to the 30 days ending today (UTC)', () => {
    expect(range('')).toEqual({ from: '2025-02-09', to: '2025-03-10' });
    expect(daysBetween('2025-02-09', '2025-03-10')).toBe(30);
  });

  it('takes dates and date-times (their UTC day), and fills a missing bound', () => {
    expect(range('from=2025-01-01&to=2025-01-31')).toEqual({ from: '2025-01-01', to: '2025-01-31' });
    expect(range('from=2025-01-01T23:30:00-02:00')).toEqual({ from: '2025-01-02', to: '2025-03-10' });
    expect(range('to=2025-01-31')).toEqual({ from: '2025-01-02', to: '2025-01-31' });
  });

  it('refuses bad dates, reversed ranges and ranges over the limit', () => {
    expect(status(() => range('from=2025-02-30'))).toBe(400);
    expect(status(() => range('from=yesterday'))).toBe(400);
    expect(status(() => range('from=2025-03-11'))).toBe(400);
    expect(status(() => range(`from=2024-01-01&to=${addDays('2024-01-01', MAX_DAYS - 1)}`))).toBe(200);
    expect(status(() => range(`from=2024-01-01&to=${addDays('2024-01-01', MAX_DAYS)}`))).toBe(400);
  });
});

describe('analytics parameters', () => {
  const q = (s: string) => new URLSearchParams(s);
  it('limit: 1..100, default 10', () => {
    expect(parseLimit(q(''))).toBe(10);
    expect(parseLimit(q('limit=100'))).toBe(100);
    for (const bad of ['0', '101', '-1', '1.5', 'x', '1e2']) expect(status(() => parseLimit(q(`limit=${bad}`))), bad).toBe(400);
  });

  it('choice and required strings', () => {
    expect(parseChoice(q('by=key'), 'by', ['model', 'key'])).toBe('key');
    expect(status(() => parseChoice(q('by=toString(1)'), 'by', ['model', 'key']))).toBe(400);
    expect(status(() => parseChoice(q(''), 'by', ['model']))).toBe(400);
    expect(parseRequired(q('model=%20gpt-4o%20'), 'model')).toBe('gpt-4o');
    expect(status(() => parseRequired(q('model='), 'model'))).toBe(400);
  });
});
