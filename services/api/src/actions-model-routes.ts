// Model routes of a project: alias -> strategy and ordered targets. Writes are admin-only, validated strictly
// (schema, then route-rules: weights, credentials of the same provider), and publish a config change.

import { GatewayError } from '@tollgate/errors';
import type { Action, ActionDeps } from './actions.ts';
import { readJsonObject } from './body.ts';
import { ALIAS, putRouteBody } from './domain/bodies.ts';
import { checkRoute } from './domain/route-rules.ts';
import { requireUuid } from './domain/validate.ts';

const MAX_ALIAS = 128;

export function modelRouteActions(d: ActionDeps) {
  const alias = (params: Record<string, string>) => {
    const a = params.alias;
    if (a.length > MAX_ALIAS || !ALIAS.test(a)) throw new GatewayError('not_found', 'route not found: an alias is 1 to 128 of A-Z a-z 0-9 . _ : -');
    return a;
  };
  const changed = (projectId: string, a: string) => d.events.projectChanged({ projectId, change: 'routes', keyHashes: [], alias: a });

  return {
    listModelRoutes: (async ({ req, params }) => {
      await d.auth.requireProjectReader(req, requireUuid(params.id, 'project'));
      const p = await d.project(params);
      return { status: 200, body: { data: await d.store.listRoutes(p.id) } };
    }) satisfies Action,

    getModelRoute: (async ({ req, params }) => {
      await d.auth.requireProjectReader(req, requireUuid(params.id, 'project'));
      const p = await d.project(params);
      const r = await d.store.getRoute(p.id, alias(params));
      if (!r) throw new GatewayError('not_found', 'route not found');
      return { status: 200, body: r };
    }) satisfies Action,

    putModelRoute: (async ({ req, params }) => {
      await d.auth.requireAdmin(req);
      const p = await d.project(params);
      const a = alias(params);
      const body = putRouteBody.parse(await readJsonObject(req, d.maxBodyBytes), '');
      const route = checkRoute(body, await d.store.listCredentials(p.id));
      const { view, created } = await d.store.putRoute(p.id, a, route, d.now());
      await changed(p.id, a);
      return { status: created ? 201 : 200, body: view };
    }) satisfies Action,

    deleteModelRoute: (async ({ req, params }) => {
      await d.auth.requireAdmin(req);
      const p = await d.project(params);
      const a = alias(params);
      if (!(await d.store.deleteRoute(p.id, a))) throw new GatewayError('not_found', 'route not found');
      await changed(p.id, a);
      return { status: 204 };
    }) satisfies Action,
  };
}
