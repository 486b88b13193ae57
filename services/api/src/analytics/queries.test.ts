import { describe, expect, it } from 'vitest';
import { matchRoute } from '../domain/routes.ts';
import { breakdownSql, DIMENSION_NAMES } from './breakdown.ts';
import { cacheSql } from './cache.ts';
import { counterfactualSql } from './counterfactual.ts';
import { dailySql } from './daily.ts';
import { errorsSql } from './errors.ts';
import { latencySql } from './latency.ts';
import { providerStatsSql } from './providers.ts';
import type { Sql } from './scope.ts';
import { summarySql } from './summary.ts';
import { usersSql } from './users.ts';

const hostile = "x' OR 1=1 --";
const s = { projectId: hostile, from: '2025-01-01', to: '2025-01-31' };
const all: [string, Sql][] = [
  ['summary', summarySql(s)],
  ['daily', dailySql(s)],
  ...DIMENSION_NAMES.map((by): [string, Sql] => [`breakdown ${by}`, breakdownSql(s, by, 7)]),
  ['latency', latencySql(s).overall],
  ['latency models', latencySql(s).models],
  ['errors', errorsSql(s)],
  ['cache', cacheSql(s)],
  ['users', usersSql(s, 7)],
  ['counterfactual', counterfactualSql(s)],
];

describe('analytics queries', () => {
  it.each(all)('%s binds every value and splices none', (_, sql) => {
    expect(sql.query).not.toContain(hostile);
    expect(sql.query).not.toContain('2025-01');
    expect(sql.params).toMatchObject({ project_id: hostile, from: s.from, to: s.to });
    for (const name of sql.query.match(/\{(\w+):/g) ?? []) expect(sql.params).toHaveProperty(name.slice(1, -1));
    expect(sql.query.trimStart().startsWith('SELECT')).toBe(true);
  });

  it('reads the rollup for model and provider and raw rows for the rest', () => {
    const table = (by: (typeof DIMENSION_NAMES)[number]) => (breakdownSql(s, by, 1).query.includes('FROM daily_metrics') ? 'rollup' : 'raw');
    expect(Object.fromEntries(DIMENSION_NAMES.map((by) => [by, table(by)]))).toEqual({ model: 'rollup', provider: 'rollup', key: 'raw', endpoint: 'raw', status: 'raw' });
    expect(breakdownSql(s, 'key', 7).params.limit).toBe(7);
  });

  it('provider health covers the hour before now', () => {
    expect(providerStatsSql(10_000_000).params).toMatchObject({ since_ms: 6_400_000, until_ms: 10_000_000 });
  });

  it('routes the analytics paths', () => {
    const id = '0190a4b2-0000-7000-8000-000000000000';
    expect(matchRoute('GET', `/api/v1/projects/${id}/analytics/breakdown`)).toEqual({ route: 'analyticsBreakdown', params: { id } });
    expect(matchRoute('GET', '/api/v1/providers/health')).toEqual({ route: 'providersHealth', params: {} });
    expect(matchRoute('POST', `/api/v1/projects/${id}/analytics/summary`)).toEqual({ error: 'method_not_allowed', allow: ['GET'] });
  });
});
