import { readFileSync } from 'node:fs';
import { createLogger } from '@tollgate/telemetry';
import { inject } from 'light-my-request';
import { describe, expect, it } from 'vitest';
import { createApi } from '../api.ts';
import { listRoutes } from '../domain/routes.ts';
import { openApiDocument } from './document.ts';
import { OPENAPI_FILE } from './write.ts';

type Doc = { openapi: string; paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>> };
const doc = openApiDocument() as Doc;

describe('the OpenAPI document', () => {
  it('is the checked-in services/api/openapi.json (run `node services/api/src/openapi/write.ts` after a change)', () => {
    expect(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'))).toEqual(doc);
  });

  it('is served at /api/v1/openapi.json without authentication', async () => {
    // The document route never touches the databases; none are needed to serve it.
    const api = createApi({ db: {} as never, clickhouse: {} as never, adminKey: 'tg_x', logger: createLogger({ level: 'error', write: () => {} }) });
    const res = await inject(api.handler, { method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(doc);
  });

  it('documents every route of the route table, and nothing else', () => {
    const table = listRoutes().map((r) => `${r.method} ${r.path} ${r.route}`).sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`))
      .sort();
    expect(documented).toEqual(table);
  });

  it('is OpenAPI 3.1 with a success and an error response for every authenticated operation', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const statuses = Object.keys(op.responses);
        expect(statuses.some((s) => s.startsWith('2')), `${method} ${path}`).toBe(true);
        if (!['/health', '/metrics', '/api/v1/openapi.json'].includes(path)) expect(statuses, `${method} ${path}`).toContain('401');
      }
    }
  });
});
