// What the router reads of a project (read-only): its model routes and its provider credentials, secrets still
// encrypted. The router decrypts only the credentials its routes name, and caches the result per project.

import type { Kysely } from 'kysely';
import type { Database, RouteTargetJson } from './schema.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface StoredModelRoute {
  alias: string;
  strategy: string;
  targets: RouteTargetJson[];
}

export interface StoredCredential {
  id: string;
  name: string;
  provider: string;
  baseUrl: string | undefined;
  /** Ciphertext (decryptCredential, bound to id and the project). Hazard: never log it. */
  secret: string;
}

export interface ProjectRouting {
  routes: StoredModelRoute[];
  credentials: StoredCredential[];
}

/** A project's routes and credentials; empty for an unknown project or an id that is no UUID. Throws when Postgres cannot answer. */
export async function loadProjectRouting(db: Kysely<Database>, projectId: string): Promise<ProjectRouting> {
  if (!UUID.test(projectId)) return { routes: [], credentials: [] }; // never let a malformed id reach a uuid cast
  const routes = await db.selectFrom('model_routes').select(['alias', 'strategy', 'targets']).where('project_id', '=', projectId).orderBy('alias').execute();
  const creds = await db.selectFrom('provider_credentials').select(['id', 'name', 'provider', 'base_url', 'secret']).where('project_id', '=', projectId).execute();
  return {
    routes: routes.map((r) => ({ alias: r.alias, strategy: r.strategy, targets: r.targets })),
    credentials: creds.map((c) => ({ id: c.id, name: c.name, provider: c.provider, baseUrl: c.base_url ?? undefined, secret: c.secret })),
  };
}
