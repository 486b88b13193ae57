// Provider credentials of a project. The store only ever sees ciphertext; views never include it.

import type { Database } from '@tollgate/db';
import type { Kysely, Selectable } from 'kysely';
import { iso } from './store-keys.ts';

export interface CredentialView {
  id: string;
  name: string;
  provider: string;
  base_url: string | null;
  fingerprint: string;
  created_at: string;
}

export interface NewCredential {
  id: string;
  projectId: string;
  name: string;
  provider: string;
  baseUrl: string | null;
  secret: string;
  fingerprint: string;
  createdAt: Date;
}

export function createCredentialStore(db: Kysely<Database>) {
  return {
    /** undefined when the project already has a credential of this name. */
    async createCredential(c: NewCredential): Promise<CredentialView | undefined> {
      const row = await db
        .insertInto('provider_credentials')
        .values({ id: c.id, project_id: c.projectId, name: c.name, provider: c.provider, base_url: c.baseUrl, secret: c.secret, fingerprint: c.fingerprint, created_at: c.createdAt })
        .onConflict((oc) => oc.columns(['project_id', 'name']).doNothing())
        .returningAll()
        .executeTakeFirst();
      return row && credentialView(row);
    },

    async listCredentials(projectId: string): Promise<CredentialView[]> {
      const rows = await db.selectFrom('provider_credentials').selectAll().where('project_id', '=', projectId).orderBy('name').execute();
      return rows.map(credentialView);
    },

    async deleteCredential(projectId: string, name: string): Promise<boolean> {
      const res = await db.deleteFrom('provider_credentials').where('project_id', '=', projectId).where('name', '=', name).executeTakeFirst();
      return res.numDeletedRows > 0n;
    },
  };
}

function credentialView(r: Selectable<Database['provider_credentials']>): CredentialView {
  return { id: r.id, name: r.name, provider: r.provider, base_url: r.base_url, fingerprint: r.fingerprint, created_at: iso(r.created_at) };
}
