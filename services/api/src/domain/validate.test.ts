import { GatewayError } from '@tollgate/errors';
import { describe, expect, it } from 'vitest';
import { FIRST_DAY, LAST_DAY, parseDayRange, parseNameBody, requireUuid } from './validate.ts';

const range = (q: string) => parseDayRange(new URLSearchParams(q));
const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as GatewayError;
  }
  throw new Error('expected a failure');
};

describe('parseNameBody', () => {
  it('accepts a trimmed name of 1 to 200 characters', () => {
    expect(parseNameBody({ name: ' a ' })).toEqual({ name: 'a' });
    expect(parseNameBody({ name: 'x'.repeat(200) }).name).toHaveLength(200);
  });

  it('names the offending field', () => {
    expect(failure(() => parseNameBody({ name: '' }))).toMatchObject({ kind: 'invalid_request', param: 'name' });
    expect(failure(() => parseNameBody({ name: 'x'.repeat(201) }))).toMatchObject({ param: 'name' });
    expect(failure(() => parseNameBody({}))).toMatchObject({ param: 'name' });
    expect(failure(() => parseNameBody({ name: 'a', extra: 1 }))).toMatchObject({ param: 'extra' });
  });
});

describe('requireUuid', () => {
  it('lower-cases UUIDs and turns anything else into not_found', () => {
    expect(requireUuid('AAAAAAAA-0000-4000-8000-000000000000', 'project')).toBe('aaaaaaaa-0000-4000-8000-000000000000');
    expect(failure(() => requireUuid("1' OR 1=1", 'project'))).toMatchObject({ kind: 'not_found', status: 404 });
  });
});

describe('parseDayRange', () => {
  it('defaults to the whole ClickHouse Date range', () => {
    expect(range('')).toEqual({ from: FIRST_DAY, to: LAST_DAY });
  });

  it('takes dates and the UTC day of date-times', () => {
    expect(range('from=2026-01-02&to=2026-01-03T01:00:00%2B02:00')).toEqual({ from: '2026-01-02', to: '2026-01-02' });
  });

  it('rejects impossible dates, reversed ranges and days outside the Date type', () => {
    for (const q of ['from=2026-02-30', 'from=soon', 'to=2026-13-01', 'from=2026-02-01&to=2026-01-01', 'from=1969-12-31', 'to=2150-01-01']) {
      expect(failure(() => range(q)), q).toBeInstanceOf(GatewayError);
    }
  });
});
