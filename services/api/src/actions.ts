// One function per business route: authorise, validate, call the store or analytics, return status and body.
// Transport concerns (matching, encoding, error mapping, metrics) live in http.ts.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type ClickHouseClient, generateApiKey, hashApiKey, keyPrefix } from '@tollgate/db';
import { GatewayError } from '@tollgate/errors';
import { projectMetrics } from './analytics.ts';
import type { createAuth } from './auth.ts';
import { readJsonObject } from './body.ts';
import type { RouteName } from './domain/routes.ts';
import { parseDayRange, parseNameBody, requireUuid } from './domain/validate.ts';
import type { Store } from './store.ts';

export interface Reply {
  status: number;
  /** Sent as JSON; absent for an empty body (204). */
  body?: unknown;
  /** Sent as Prometheus text instead of JSON (only /metrics). */
  text?: string;
}

export interface ActionContext {
  req: IncomingMessage;
  params: Record<string, string>;
  query: URLSearchParams;
}

export type Action = (ctx: ActionContext) => Promise<Reply>;

export interface ActionDeps {
  store: Store;
  auth: ReturnType<typeof createAuth>;
  clickhouse: ClickHouseClient;
  now: () => Date;
  maxBodyBytes: number;
}

export function createActions(d: ActionDeps): Record<Exclude<RouteName, 'health' | 'metrics'>, Action> {
  /** The project named by the path, or 404 (also for a malformed id). */
  async function project(params: Record<string, string>) {
    const p = await d.store.getProject(requireUuid(params.id, 'project'));
    if (!p) throw new GatewayError('not_found', 'project not found');
    return p;
  }

  return {
    async createProject({ req }) {
      await d.auth.requireAdmin(req);
      const { name } = parseNameBody(await readJsonObject(req, d.maxBodyBytes));
      return { status: 201, body: await d.store.createProject({ id: randomUUID(), name, createdAt: d.now() }) };
    },

    async listProjects({ req }) {
      await d.auth.requireAdmin(req);
      return { status: 200, body: { data: await d.store.listProjects() } };
    },

    async getProject({ req, params }) {
      await d.auth.requireAdmin(req);
      return { status: 200, body: await project(params) };
    },

    async createKey({ req, params }) {
      await d.auth.requireAdmin(req);
      const p = await project(params);
      const { name } = parseNameBody(await readJsonObject(req, d.maxBodyBytes));
      const key = generateApiKey();
      const view = await d.store.createKey({
        id: randomUUID(),
        projectId: p.id,
        name,
        keyHash: hashApiKey(key),
        prefix: keyPrefix(key),
        createdAt: d.now(),
      });
      // The only time the plaintext leaves the service; only its hash is stored.
      return { status: 201, body: { id: view.id, key, name: view.name, prefix: view.prefix, project_id: view.project_id, created_at: view.created_at } };
    },

    async listKeys({ req, params }) {
      await d.auth.requireAdmin(req);
      const p = await project(params);
      return { status: 200, body: { data: await d.store.listKeys(p.id) } };
    },

    async revokeKey({ req, params }) {
      await d.auth.requireAdmin(req);
      const projectId = requireUuid(params.id, 'project');
      const keyId = requireUuid(params.keyId, 'key');
      if (!(await d.store.revokeKey(projectId, keyId, d.now()))) throw new GatewayError('not_found', 'key not found');
      return { status: 204 };
    },

    async projectMetrics({ req, params, query }) {
      const who = await d.auth.authenticate(req);
      const id = requireUuid(params.id, 'project');
      // Another project's key gets the same 404 as a project that does not exist: no probing for ids.
      if (who.kind === 'project' && who.projectId !== id) throw new GatewayError('not_found', 'project not found');
      if (who.kind === 'admin') await project(params);
      return { status: 200, body: await projectMetrics(d.clickhouse, id, parseDayRange(query)) };
    },
  };
}
