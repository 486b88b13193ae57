import { describe, expect, it } from 'vitest';
import { requestBodiesSql, shapeRequestBodies } from './request-bodies.ts';

describe('stored request bodies', () => {
  it('reads one request of one project only, by bound parameters', () => {
    const sql = requestBodiesSql('p1', 'r1');
    expect(sql.params).toEqual({ project_id: 'p1', request_id: 'r1' });
    expect(sql.query).toMatch(/FROM request_bodies WHERE project_id = \{project_id:String\} AND request_id = \{request_id:String\}/);
  });

  it('answers ISO times and a boolean truncation flag', () => {
    const row = { request_id: 'r1', project_id: 'p1', occurred_at: '2026-03-04 05:06:07.089', store_bodies: 'redacted', request: '{}', response: '{}', truncated: 1 };
    expect(shapeRequestBodies(row)).toEqual({ ...row, occurred_at: '2026-03-04T05:06:07.089Z', truncated: true });
    expect(shapeRequestBodies({ ...row, truncated: false }).truncated).toBe(false);
  });
});
