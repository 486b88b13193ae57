// Per-project model aliases and bring-your-own-key credentials, managed through the api and stored in Postgres.
// The router reads them read-only, once per project, keeps them compiled in memory and re-reads a project when
// its ProjectChanged (routes / credentials) arrives, or at the latest every refreshMs. When Postgres cannot
// answer, what is held (else the YAML routes) keeps being served.

import type { ProviderConfig } from '@tollgate/config';
import { decryptCredential, type ProjectRouting } from '@tollgate/db';
import type { Logger } from '@tollgate/telemetry';
import type { Failure } from './domain/classify.ts';
import { compileProjectRoutes, type OpenedCredential, type ProjectTable } from './domain/project-routes.ts';
import type { Route } from './domain/routes.ts';
import { ProjectCache } from './project-cache.ts';

export interface ProjectRoutesDeps {
  /** A project's routes and credentials as stored (e.g. loadProjectRouting from @tollgate/db); throws when unreachable. */
  load(projectId: string): Promise<ProjectRouting>;
  /** TOLLGATE_ENCRYPTION_KEY, decoded; without it no project credential can be used. */
  encryptionKey?: Uint8Array;
  /** Re-read a project at most this often without a change event (default 30 s). */
  refreshMs?: number;
  /** After a failed read, try again no sooner than this (default 5 s). */
  retryMs?: number;
  /** A project's first requests wait this long at most for its routes (default 2 s). */
  firstLoadWaitMs?: number;
  /** Projects held in memory (default 10,000). */
  maxProjects?: number;
}

export interface ProjectRoutes {
  /** The project's own route for a model name; undefined when it has none (or none could be read yet). */
  resolve(projectId: string, model: string): Route | Failure | undefined | Promise<Route | Failure | undefined>;
  /** Re-reads a project now (its routes or credentials changed). */
  changed(projectId: string): Promise<void>;
}

export function createProjectRoutes(deps: ProjectRoutesDeps, configured: (name: string) => ProviderConfig | undefined, now: () => number, logger: Logger): ProjectRoutes {
  let failing = false;
  const cache = new ProjectCache<ProjectTable>({
    now,
    refreshMs: deps.refreshMs ?? 30_000,
    retryMs: deps.retryMs ?? 5_000,
    firstLoadWaitMs: deps.firstLoadWaitMs ?? 2_000,
    maxProjects: deps.maxProjects ?? 10_000,
    async load(projectId) {
      let rows: ProjectRouting;
      try {
        rows = await deps.load(projectId);
      } catch (err) {
        if (!failing) logger.warn('project routes cannot be read; serving the routes held (else YAML) until Postgres answers', { err });
        failing = true;
        throw err;
      }
      if (failing) logger.info('project routes readable again');
      failing = false;
      const { table, problems } = compileProjectRoutes(rows.routes, openCredentials(rows, projectId, deps.encryptionKey), configured);
      if (problems.length) logger.warn('project routes have problems', { project_id: projectId, problems });
      return table;
    },
  });

  return {
    resolve(projectId, model) {
      const t = cache.get(projectId);
      return t instanceof Promise ? t.then((table) => table?.get(model)) : t?.get(model);
    },
    changed: (projectId) => cache.changed(projectId),
  };
}

/**
 * The credentials the project's routes name, decrypted. One that cannot be decrypted carries the reason instead
 * (never the error's details: they may describe the ciphertext), so its targets fail and the next is tried.
 */
export function openCredentials(rows: ProjectRouting, projectId: string, key: Uint8Array | undefined): Map<string, OpenedCredential> {
  const named = new Set(rows.routes.flatMap((r) => r.targets.map((t) => t.credential)));
  const out = new Map<string, OpenedCredential>();
  for (const c of rows.credentials) {
    if (!named.has(c.name)) continue;
    if (!key) {
      out.set(c.name, { name: c.name, problem: 'cannot be used: TOLLGATE_ENCRYPTION_KEY is not set on the router' });
      continue;
    }
    try {
      out.set(c.name, { id: c.id, name: c.name, baseUrl: c.baseUrl, apiKey: decryptCredential(key, c.secret, { id: c.id, projectId }) });
    } catch {
      out.set(c.name, { name: c.name, problem: 'cannot be decrypted (TOLLGATE_ENCRYPTION_KEY differs from the one the api used, or the row was altered)' });
    }
  }
  return out;
}
