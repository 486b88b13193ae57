// A project's settings (name, store_bodies) and the bodies stored for one of its requests. A settings change
// publishes ProjectChanged with the hashes of the project's usable keys: ingress caches the setting with each key.

import { GatewayError } from '@tollgate/errors';
import type { Action, ActionDeps } from './actions.ts';
import { authorizeProject } from './analytics/access.ts';
import { readJsonObject } from './body.ts';
import { updateProjectBody } from './domain/bodies.ts';
import { requireUuid } from './domain/validate.ts';
import { findRequestBodies } from './request-bodies.ts';

export function projectSettingsActions(d: ActionDeps) {
  return {
    updateProject: (async ({ req, params }) => {
      await d.auth.requireAdmin(req);
      const p = await d.project(params);
      const body = updateProjectBody.parse(await readJsonObject(req, d.maxBodyBytes), '');
      const updated = await d.store.updateProject(p.id, { name: body.name, storeBodies: body.store_bodies });
      if (!updated) throw new GatewayError('not_found', 'project not found');
      if (body.store_bodies !== undefined) {
        const hashes = await d.store.activeKeyHashes([p.id], d.now());
        await d.events.projectChanged({ projectId: p.id, change: 'settings', keyHashes: hashes.get(p.id) ?? [] });
      }
      return { status: 200, body: updated };
    }) satisfies Action,

    getRequestBodies: (async ({ req, params }) => {
      const projectId = await authorizeProject(d.auth, d.store, req, params.id);
      const requestId = requireUuid(params.requestId ?? '', 'request');
      const found = await findRequestBodies(d.clickhouse, projectId, requestId);
      if (!found) throw new GatewayError('not_found', 'no bodies stored for this request (the project does not store bodies, or ingest has not written them yet)');
      return { status: 200, body: found };
    }) satisfies Action,
  };
}
