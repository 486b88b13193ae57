// Postgres reads and writes of projects, plus the other management stores. api is the only writer of these
// tables. Ids and times come from the caller.

import type { Database, LimitsJson, StoreBodiesMode } from '@tollgate/db';
import type { Kysely, Selectable } from 'kysely';
import { createCredentialStore } from './store-credentials.ts';
import { createKeyStore, iso } from './store-keys.ts';
import { createPlanStore } from './store-plans.ts';
import { createRouteStore } from './store-routes.ts';

export type { KeyView } from './store-keys.ts';

export interface ProjectView {
  id: string;
  name: string;
  created_at: string;
  /** Null: the project did not choose; the deployment default (TOLLGATE_STORE_BODIES) applies. */
  store_bodies: StoreBodiesMode | null;
}

/** Listing is capped; a deployment with more projects than this needs pagination (not built yet). */
export const LIST_LIMIT = 1000;

export function createStore(db: Kysely<Database>) {
  return {
    ...createKeyStore(db),
    ...createCredentialStore(db),
    ...createRouteStore(db),
    ...createPlanStore(db),

    async createProject(p: { id: string; name: string; createdAt: Date }): Promise<ProjectView> {
      const row = await db.insertInto('projects').values({ id: p.id, name: p.name, created_at: p.createdAt }).returningAll().executeTakeFirstOrThrow();
      return projectView(row);
    },

    async listProjects(): Promise<ProjectView[]> {
      const rows = await db.selectFrom('projects').selectAll().orderBy('created_at').orderBy('id').limit(LIST_LIMIT).execute();
      return rows.map(projectView);
    },

    async getProject(id: string): Promise<ProjectView | undefined> {
      const row = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
      return row && projectView(row);
    },

    /** Changes the fields given; undefined for an unknown project. */
    async updateProject(id: string, change: { name?: string; storeBodies?: StoreBodiesMode | null }): Promise<ProjectView | undefined> {
      const set: { name?: string; store_bodies?: StoreBodiesMode | null } = {};
      if (change.name !== undefined) set.name = change.name;
      if (change.storeBodies !== undefined) set.store_bodies = change.storeBodies;
      const row =
        Object.keys(set).length === 0
          ? await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst()
          : await db.updateTable('projects').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      return row && projectView(row);
    },

    /** The project's plan and overrides, with the plan's limits (undefined for an unknown project). */
    async projectLimits(id: string): Promise<{ planId: string | null; planLimits: LimitsJson; overrides: LimitsJson } | undefined> {
      const row = await db
        .selectFrom('projects as p')
        .leftJoin('plans as pl', 'pl.id', 'p.plan_id')
        .select(['p.plan_id', 'p.limit_overrides', 'pl.limits'])
        .where('p.id', '=', id)
        .executeTakeFirst();
      return row && { planId: row.plan_id, planLimits: row.limits ?? {}, overrides: row.limit_overrides ?? {} };
    },

    /** Sets the plan (or none); false when the project does not exist. An unknown plan violates the foreign key. */
    async setProjectPlan(id: string, planId: string | null): Promise<boolean> {
      const res = await db.updateTable('projects').set({ plan_id: planId }).where('id', '=', id).executeTakeFirst();
      return res.numUpdatedRows > 0n;
    },

    async setLimitOverrides(id: string, overrides: LimitsJson): Promise<boolean> {
      const res = await db.updateTable('projects').set({ limit_overrides: JSON.stringify(overrides) }).where('id', '=', id).executeTakeFirst();
      return res.numUpdatedRows > 0n;
    },
  };
}

export type Store = ReturnType<typeof createStore>;

function projectView(r: Selectable<Database['projects']>): ProjectView {
  return { id: r.id, name: r.name, created_at: iso(r.created_at), store_bodies: r.store_bodies ?? null };
}
