// The key lookup ingress (and api's own auth) runs on a cache miss: one indexed query by hash that also brings the
// key's limits, allowed models and expiry and its project's effective limits (plan + overrides) and settings
// (store_bodies).

import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { effectiveLimits, type KeyLimits, type ProjectLimits, toKeyLimits, toProjectLimits } from './domain/limits.ts';
import type { Database, StoreBodiesMode } from './schema.ts';

export interface KeyIdentity {
  keyId: string;
  projectId: string;
  /** The key's own limits; the project's apply too (the stricter wins). */
  limits: KeyLimits;
  /** Model names or aliases the key may use; absent means every model. */
  allowedModels?: string[];
  /** When the key stops working. Callers that cache the identity must stop accepting it at this time. */
  expiresAt?: Date;
  /** The project's plan limits with its overrides applied; absent when the project has no limits. */
  projectLimits?: ProjectLimits;
  /** The key's metadata (string tags), absent when empty. */
  metadata?: Record<string, string>;
  /** What the project stores of request and response bodies; absent when it did not choose (the default applies). */
  storeBodies?: StoreBodiesMode;
}

/**
 * The key with this sha256 hex hash if it is usable at `now`: not revoked and not expired; otherwise undefined.
 * The row is found through the unique index on key_hash, then the stored hash is compared with the given one in
 * constant time, so that neither step's timing depends on how much of a guessed hash matches.
 */
export async function findKeyByHash(db: Kysely<Database>, hash: string, now: Date = new Date()): Promise<KeyIdentity | undefined> {
  const row = await db
    .selectFrom('api_keys as k')
    .innerJoin('projects as p', 'p.id', 'k.project_id')
    .leftJoin('plans as pl', 'pl.id', 'p.plan_id')
    .select(['k.id', 'k.project_id', 'k.key_hash', 'k.limits', 'k.allowed_models', 'k.expires_at', 'k.metadata', 'p.limit_overrides', 'p.store_bodies', 'pl.limits as plan_limits'])
    .where('k.key_hash', '=', hash)
    .where('k.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('k.expires_at', 'is', null), eb('k.expires_at', '>', now)]))
    .executeTakeFirst();
  if (!row || !sameHash(row.key_hash, hash)) return undefined;
  const identity: KeyIdentity = { keyId: row.id, projectId: row.project_id, limits: toKeyLimits(row.limits) };
  if (row.allowed_models) identity.allowedModels = row.allowed_models;
  if (row.expires_at) identity.expiresAt = new Date(row.expires_at);
  const project = toProjectLimits(effectiveLimits(row.plan_limits, row.limit_overrides));
  if (Object.keys(project).length > 0) identity.projectLimits = project;
  if (row.metadata && Object.keys(row.metadata).length > 0) identity.metadata = row.metadata;
  if (row.store_bodies) identity.storeBodies = row.store_bodies;
  return identity;
}

function sameHash(stored: string, given: string): boolean {
  const a = Buffer.from(stored, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
