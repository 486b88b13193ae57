import { PROVIDER_KINDS, type ProviderConfig, type ProviderKind, type RouteStrategy } from '@tollgate/config';
import { credentialUnusable, type Failure, modelNotFound } from './classify.ts';
import type { Route, Target } from './routes.ts';
import { target } from './routes.ts';

// A project's own model routes (managed through the api, stored in Postgres) compiled into Routes. Pure: the
// credentials arrive already decrypted (or with the reason they could not be).

/** A route as stored: alias, strategy and ordered targets {provider, model, credential?, weight?}. */
export interface ProjectRouteRow {
  alias: string;
  strategy: string;
  targets: readonly { provider: string; model: string; credential?: string; weight?: number }[];
}

/** A project credential as the router holds it. Hazard: apiKey is a provider key; never log one. */
export type OpenedCredential = { id: string; name: string; baseUrl: string | undefined; apiKey: string } | { name: string; problem: string };

/** A project's aliases; an alias whose targets are all unusable resolves to a Failure (never to a YAML alias). */
export type ProjectTable = ReadonlyMap<string, Route | Failure>;

const STRATEGIES: readonly string[] = ['priority', 'weighted', 'latency', 'cost'] satisfies RouteStrategy[];

/**
 * Each target's provider must be a configured provider, or a provider kind when the target names a credential
 * (the credential then brings everything: key and, if any, base URL). A target naming a missing or unreadable
 * credential is kept, marked unusable, so the request tries the next target and the attempt says why.
 */
export function compileProjectRoutes(
  rows: readonly ProjectRouteRow[],
  credentials: ReadonlyMap<string, OpenedCredential>,
  configured: (name: string) => ProviderConfig | undefined,
): { table: ProjectTable; problems: string[] } {
  const problems: string[] = [];
  const table = new Map<string, Route | Failure>();
  for (const row of rows) {
    const targets: Target[] = [];
    for (const t of row.targets) {
      const compiled = projectTarget(t, credentials, configured(t.provider));
      if (typeof compiled === 'string') problems.push(`routes.${row.alias}: ${compiled}`);
      else targets.push(compiled);
    }
    const strategy = STRATEGIES.includes(row.strategy) ? (row.strategy as RouteStrategy) : 'priority';
    if (strategy !== row.strategy) problems.push(`routes.${row.alias}: unknown strategy "${row.strategy}", priority used`);
    table.set(row.alias, targets.length ? { alias: row.alias, strategy, targets, sticky: false, timeoutMs: 0, retries: 0 } : modelNotFound(`route "${row.alias}" of this project has no usable target`));
  }
  return { table, problems };
}

/** The compiled target, or the problem that leaves it out. */
function projectTarget(t: ProjectRouteRow['targets'][number], credentials: ReadonlyMap<string, OpenedCredential>, cfg: ProviderConfig | undefined): Target | string {
  const out = target(t.provider, t.model, { weight: t.weight });
  if (t.credential === undefined) return cfg ? out : `unknown provider "${t.provider}"`;
  const c = credentials.get(t.credential);
  if (!c) out.unusable = credentialUnusable(`credential "${t.credential}" of this project no longer exists`);
  else if ('problem' in c) out.unusable = credentialUnusable(`credential "${t.credential}" of this project ${c.problem}`);
  else {
    const kind = cfg?.kind ?? (isKind(t.provider) ? t.provider : undefined);
    if (!kind) return `unknown provider "${t.provider}" (neither configured nor a provider kind)`;
    const own: ProviderConfig = { name: t.provider, kind, baseUrl: (c.baseUrl ?? cfg?.baseUrl ?? '').replace(/\/+$/, ''), apiKey: c.apiKey };
    if (cfg?.apiVersion !== undefined) own.apiVersion = cfg.apiVersion;
    if (cfg?.deployments !== undefined) own.deployments = cfg.deployments;
    out.own = { key: `${c.id}/${t.provider}`, cfg: own };
  }
  return out;
}

function isKind(name: string): name is ProviderKind {
  return (PROVIDER_KINDS as readonly string[]).includes(name);
}
