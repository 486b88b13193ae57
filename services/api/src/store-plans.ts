// Plans: named limit templates (free, starter, pro are seeded by migration 0002).

import type { Database, LimitsJson } from '@tollgate/db';
import type { Kysely, Selectable } from 'kysely';
import { iso } from './store-keys.ts';

export interface PlanView {
  id: string;
  name: string;
  limits: LimitsJson;
  created_at: string;
  updated_at: string;
}

export function createPlanStore(db: Kysely<Database>) {
  return {
    /** undefined when a plan with this id exists. */
    async createPlan(p: { id: string; name: string; limits: LimitsJson; at: Date }): Promise<PlanView | undefined> {
      const row = await db
        .insertInto('plans')
        .values({ id: p.id, name: p.name, limits: JSON.stringify(p.limits), created_at: p.at, updated_at: p.at })
        .onConflict((oc) => oc.column('id').doNothing())
        .returningAll()
        .executeTakeFirst();
      return row && planView(row);
    },

    async listPlans(): Promise<PlanView[]> {
      return (await db.selectFrom('plans').selectAll().orderBy('id').execute()).map(planView);
    },

    async getPlan(id: string): Promise<PlanView | undefined> {
      const row = await db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
      return row && planView(row);
    },

    async updatePlan(id: string, p: { name: string; limits: LimitsJson; at: Date }): Promise<PlanView | undefined> {
      const row = await db
        .updateTable('plans')
        .set({ name: p.name, limits: JSON.stringify(p.limits), updated_at: p.at })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && planView(row);
    },

    /** Deletes an unused plan: 'deleted', 'missing', or 'in_use' (projects still on it). */
    async deletePlan(id: string): Promise<'deleted' | 'missing' | 'in_use'> {
      return db.transaction().execute(async (tx) => {
        const used = await tx.selectFrom('projects').select('id').where('plan_id', '=', id).limit(1).executeTakeFirst();
        if (used) return 'in_use';
        const res = await tx.deleteFrom('plans').where('id', '=', id).executeTakeFirst();
        return res.numDeletedRows > 0n ? 'deleted' : 'missing';
      });
    },

    async projectsOnPlan(id: string): Promise<string[]> {
      return (await db.selectFrom('projects').select('id').where('plan_id', '=', id).execute()).map((r) => r.id);
    },
  };
}

function planView(r: Selectable<Database['plans']>): PlanView {
  return { id: r.id, name: r.name, limits: r.limits ?? {}, created_at: iso(r.created_at), updated_at: iso(r.updated_at) };
}
