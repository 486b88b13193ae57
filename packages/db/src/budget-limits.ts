import type { Kysely } from 'kysely';
import { effectiveLimits, type KeyLimits, toKeyLimits, toProjectLimits } from './domain/limits.ts';
import type { Database } from './schema.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The budget limits of a key (its own) or a project (plan with overrides), for the budget projection's alerts.
 * Undefined when the owner does not exist.
 */
export async function budgetLimitsOf(db: Kysely<Database>, owner: { kind: 'project' | 'key'; id: string }): Promise<KeyLimits | undefined> {
  if (!UUID.test(owner.id)) return undefined; // ids come from events: never let a malformed one reach a uuid cast
  if (owner.kind === 'key') {
    const row = await db.selectFrom('api_keys').select('limits').where('id', '=', owner.id).executeTakeFirst();
    return row ? toKeyLimits(row.limits) : undefined;
  }
  const row = await db
    .selectFrom('projects as p')
    .leftJoin('plans as pl', 'pl.id', 'p.plan_id')
    .select(['p.limit_overrides', 'pl.limits as plan_limits'])
    .where('p.id', '=', owner.id)
    .executeTakeFirst();
  return row ? toProjectLimits(effectiveLimits(row.plan_limits, row.limit_overrides)) : undefined;
}
