// Postgres reads and writes of API keys. The plaintext of a key never reaches this module, only its hash and
// display prefix. Optional settings appear in a KeyView only when set, so that a key created with a name alone
// has exactly the original response shape.

import type { Database, LimitsJson } from '@tollgate/db';
import type { Kysely, Selectable } from 'kysely';
import type { KeySettings, KeyState } from './domain/key-rules.ts';

export interface KeyView {
  id: string;
  name: string;
  prefix: string;
  project_id: string;
  created_at: string;
  revoked_at: string | null;
  limits?: LimitsJson;
  allowed_models?: string[];
  expires_at?: string;
  metadata?: Record<string, string>;
  replaced_by?: string;
}

export interface KeyRecord extends KeyState {
  id: string;
  projectId: string;
  keyHash: string;
  settings: KeySettings;
  view: KeyView;
}

export interface NewKey {
  id: string;
  projectId: string;
  keyHash: string;
  prefix: string;
  createdAt: Date;
  settings: KeySettings;
}

/** Listing is capped; a project with more keys than this needs pagination (not built yet). */
export const KEY_LIST_LIMIT = 1000;

type Row = Selectable<Database['api_keys']>;

export function createKeyStore(db: Kysely<Database>) {
  const insert = (k: NewKey, tx: Kysely<Database> = db) =>
    tx
      .insertInto('api_keys')
      .values({ id: k.id, project_id: k.projectId, key_hash: k.keyHash, prefix: k.prefix, created_at: k.createdAt, ...settingsColumns(k.settings) })
      .returningAll()
      .executeTakeFirstOrThrow();

  return {
    async createKey(k: NewKey): Promise<KeyView> {
      return keyView(await insert(k));
    },

    async listKeys(projectId: string): Promise<KeyView[]> {
      const rows = await db.selectFrom('api_keys').selectAll().where('project_id', '=', projectId).orderBy('created_at').orderBy('id').limit(KEY_LIST_LIMIT).execute();
      return rows.map(keyView);
    },

    async getKey(projectId: string, keyId: string): Promise<KeyRecord | undefined> {
      const row = await db.selectFrom('api_keys').selectAll().where('id', '=', keyId).where('project_id', '=', projectId).executeTakeFirst();
      return row && keyRecord(row);
    },

    async updateKey(projectId: string, keyId: string, settings: KeySettings): Promise<KeyRecord | undefined> {
      const row = await db.updateTable('api_keys').set(settingsColumns(settings)).where('id', '=', keyId).where('project_id', '=', projectId).returningAll().executeTakeFirst();
      return row && keyRecord(row);
    },

    /** Revokes the key if it belongs to the project; idempotent (the first revocation time is kept). */
    async revokeKey(projectId: string, keyId: string, at: Date): Promise<KeyRecord | undefined> {
      const row = await db
        .updateTable('api_keys')
        .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(at)) }))
        .where('id', '=', keyId)
        .where('project_id', '=', projectId)
        .returningAll()
        .executeTakeFirst();
      return row && keyRecord(row);
    },

    /**
     * In one transaction: inserts the replacement and marks the old key replaced, expiring at `oldExpiresAt`.
     * Returns undefined (and writes nothing) when the old key was revoked or rotated concurrently.
     */
    async rotateKey(old: KeyRecord, replacement: NewKey, oldExpiresAt: Date): Promise<{ view: KeyView; old: KeyRecord } | undefined> {
      try {
        return await db.transaction().execute(async (tx) => {
          const created = await insert(replacement, tx);
          const updated = await tx
            .updateTable('api_keys')
            .set({ expires_at: oldExpiresAt, replaced_by: replacement.id })
            .where('id', '=', old.id)
            .where('revoked_at', 'is', null)
            .where('replaced_by', 'is', null)
            .returningAll()
            .executeTakeFirst();
          if (!updated) throw new RotationRace(); // rolls the insert back
          return { view: keyView(created), old: keyRecord(updated) };
        });
      } catch (err) {
        if (err instanceof RotationRace) return undefined;
        throw err;
      }
    },

    /** Hashes of the project's usable keys (whose cached identities carry project limits). */
    async activeKeyHashes(projectIds: string[], now: Date): Promise<Map<string, string[]>> {
      const out = new Map<string, string[]>(projectIds.map((p) => [p, []]));
      if (projectIds.length === 0) return out;
      const rows = await db
        .selectFrom('api_keys')
        .select(['project_id', 'key_hash'])
        .where('project_id', 'in', projectIds)
        .where('revoked_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .execute();
      for (const r of rows) out.get(r.project_id)?.push(r.key_hash);
      return out;
    },
  };
}

class RotationRace extends Error {}

function settingsColumns(s: KeySettings) {
  return {
    name: s.name,
    limits: JSON.stringify(s.limits),
    allowed_models: s.allowedModels ? JSON.stringify(s.allowedModels) : null,
    expires_at: s.expiresAt,
    metadata: JSON.stringify(s.metadata),
  };
}

function keyRecord(r: Row): KeyRecord {
  const expiresAt = r.expires_at ? new Date(r.expires_at) : null;
  return {
    id: r.id,
    projectId: r.project_id,
    keyHash: r.key_hash,
    revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
    expiresAt,
    replacedBy: r.replaced_by,
    settings: { name: r.name, limits: r.limits ?? {}, allowedModels: r.allowed_models, expiresAt, metadata: r.metadata ?? {} },
    view: keyView(r),
  };
}

export function keyView(r: Row): KeyView {
  const v: KeyView = {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    project_id: r.project_id,
    created_at: iso(r.created_at),
    revoked_at: r.revoked_at ? iso(r.revoked_at) : null,
  };
  if (r.limits && Object.keys(r.limits).length) v.limits = r.limits;
  if (r.allowed_models) v.allowed_models = r.allowed_models;
  if (r.expires_at) v.expires_at = iso(r.expires_at);
  if (r.metadata && Object.keys(r.metadata).length) v.metadata = r.metadata;
  if (r.replaced_by) v.replaced_by = r.replaced_by;
  return v;
}

export function iso(d: Date | string): string {
  return new Date(d).toISOString();
}
