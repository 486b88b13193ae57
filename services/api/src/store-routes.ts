// Model routes of a project: alias -> strategy and ordered targets.

import type { Database } from '@tollgate/db';
import type { Kysely, Selectable } from 'kysely';
import type { StoredRoute } from './domain/route-rules.ts';
import { iso } from './store-keys.ts';

export interface RouteView extends StoredRoute {
  alias: string;
  created_at: string;
  updated_at: string;
}

export function createRouteStore(db: Kysely<Database>) {
  return {
    /** Creates or replaces the route; `created` tells which. */
    async putRoute(projectId: string, alias: string, r: StoredRoute, at: Date): Promise<{ view: RouteView; created: boolean }> {
      const targets = JSON.stringify(r.targets);
      const existed = await db.selectFrom('model_routes').select('alias').where('project_id', '=', projectId).where('alias', '=', alias).executeTakeFirst();
      const row = await db
        .insertInto('model_routes')
        .values({ project_id: projectId, alias, strategy: r.strategy, targets, created_at: at, updated_at: at })
        .onConflict((oc) => oc.columns(['project_id', 'alias']).doUpdateSet({ strategy: r.strategy, targets, updated_at: at }))
        .returningAll()
        .executeTakeFirstOrThrow();
      return { view: routeView(row), created: !existed };
    },

    async listRoutes(projectId: string): Promise<RouteView[]> {
      const rows = await db.selectFrom('model_routes').selectAll().where('project_id', '=', projectId).orderBy('alias').execute();
      return rows.map(routeView);
    },

    async getRoute(projectId: string, alias: string): Promise<RouteView | undefined> {
      const row = await db.selectFrom('model_routes').selectAll().where('project_id', '=', projectId).where('alias', '=', alias).executeTakeFirst();
      return row && routeView(row);
    },

    async deleteRoute(projectId: string, alias: string): Promise<boolean> {
      const res = await db.deleteFrom('model_routes').where('project_id', '=', projectId).where('alias', '=', alias).executeTakeFirst();
      return res.numDeletedRows > 0n;
    },

    /** Aliases whose targets name the credential (a credential in use cannot be deleted). */
    async routesUsingCredential(projectId: string, credential: string): Promise<string[]> {
      const rows = await db.selectFrom('model_routes').select(['alias', 'targets']).where('project_id', '=', projectId).execute();
      return rows.filter((r) => r.targets.some((t) => t.credential === credential)).map((r) => r.alias);
    },
  };
}

function routeView(r: Selectable<Database['model_routes']>): RouteView {
  return { alias: r.alias, strategy: r.strategy, targets: r.targets, created_at: iso(r.created_at), updated_at: iso(r.updated_at) };
}
