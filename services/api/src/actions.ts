// One function per business route: authorise, validate, call the store or analytics, return status and body.
// Transport concerns (matching, encoding, error mapping, metrics) live in http.ts.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ClickHouseClient } from '@tollgate/db';
import { GatewayError } from '@tollgate/errors';
import { credentialActions } from './actions-credentials.ts';
import { keyActions } from './actions-keys.ts';
import { modelRouteActions } from './actions-model-routes.ts';
import { planActions } from './actions-plans.ts';
import { projectSettingsActions } from './actions-projects.ts';
import { projectMetrics } from './analytics.ts';
import type { createAuth } from './auth.ts';
import { readJsonObject } from './body.ts';
import type { ConfigEvents } from './config-events.ts';
import type { AnalyticsRoute } from './analytics/routes.ts';
import type { RouteName } from './domain/routes.ts';
import { parseDayRange, parseNameBody, requireUuid } from './domain/validate.ts';
import type { ProjectView, Store } from './store.ts';

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
  /** Published after each committed write that changes what ingress or the router decide. */
  events: ConfigEvents;
  /** AES-256 key for provider credentials; without it creating credentials answers 503. */
  encryptionKey: Uint8Array | undefined;
  /** The project named by the path, or 404 (also for a malformed id). */
  project(params: Record<string, string>): Promise<ProjectView>;
}

export type ActionBase = Omit<ActionDeps, 'project'> & {
  /** The OpenAPI document, served as is (its own route, so that it is documented like every other). */
  openapi: () => unknown;
};

export function createActions(base: ActionBase): Record<Exclude<RouteName, 'health' | 'metrics' | AnalyticsRoute>, Action> {
  const d: ActionDeps = {
    ...base,
    async project(params) {
      const p = await base.store.getProject(requireUuid(params.id, 'project'));
      if (!p) throw new GatewayError('not_found', 'project not found');
      return p;
    },
  };
  const project = d.project;

  return {
    ...keyActions(d),
    ...credentialActions(d),
    ...modelRouteActions(d),
    ...planActions(d),
    ...projectSettingsActions(d),

    async openapi() {
      return { status: 200, body: base.openapi() };
    },

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
      await d.auth.requireProjectReader(req, requireUuid(params.id, 'project'));
      return { status: 200, body: await project(params) };
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
