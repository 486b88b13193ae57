// Postgres reads and writes for projects and their keys. api is the only writer of these tables. Ids and times
// come from the caller; the plaintext of a key never reaches this module, only its hash and display prefix.

import type { Database } from '@tollgate/db';
import type { Kysely, Selectable } from 'kysely';

export interface ProjectView {
  id: string;
  name: string;
  created_at: string;
}

export interface KeyView {
  id: string;
  name: string;
  prefix: string;
  project_id: string;
  created_at: string;
  revoked_at: string | null;
}

/** Listing is capped; a deployment with more projects than this needs pagination (not built yet). */
export const LIST_LIMIT = 1000;

export function createStore(db: Kysely<Database>) {
  return {
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

    async createKey(k: { id: string; projectId: string; name: string; keyHash: string; prefix: string; createdAt: Date }): Promise<KeyView> {
      const row = await db
        .insertInto('api_keys')
        .values({ id: k.id, project_id: k.projectId, name: k.name, key_hash: k.keyHash, prefix: k.prefix, created_at: k.createdAt })
        .returningAll()
        .executeTakeFirstOrThrow();
      return keyView(row);
    },

    async listKeys(projectId: string): Promise<KeyView[]> {
      const rows = await db
        .selectFrom('api_keys')
        .selectAll()
        .where('project_id', '=', projectId)
        .orderBy('created_at')
        .orderBy('id')
        .limit(LIST_LIMIT)
        .execute();
      return rows.map(keyView);
    },

    /** Revokes the key if it belongs to the project; idempotent (the first revocation time is kept). */
    async revokeKey(projectId: string, keyId: string, at: Date): Promise<boolean> {
      const res = await db
        .updateTable('api_keys')
        .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(at)) }))
        .where('id', '=', keyId)
        .where('project_id', '=', projectId)
        .executeTakeFirst();
      return res.numUpdatedRows > 0n;
    },
  };
}

export type Store = ReturnType<typeof createStore>;

function projectView(r: Selectable<Database['projects']>): ProjectView {
  return { id: r.id, name: r.name, created_at: iso(r.created_at) };
}

function keyView(r: Selectable<Database['api_keys']>): KeyView {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    project_id: r.project_id,
    created_at: iso(r.created_at),
    revoked_at: r.revoked_at ? iso(r.revoked_at) : null,
  };
}

function iso(d: Date | string): string {
  return new Date(d).toISOString();
}
