import type { ProviderConfig, RouteConfig, RouteStrategy } from '@tollgate/config';
import { type Failure, modelNotFound } from './classify.ts';

/** One place a request may be sent: a provider, the model asked of it and the credential used. */
export interface Target {
  provider: string;
  model: string;
  /** Name of one of the provider's credentials; '' for its api_key. */
  credential: string;
  weight: number;
  /** Per attempt, 0 when unset: total time, time to the response head, connect time. */
  timeoutMs: number;
  firstByteTimeoutMs: number;
  connectTimeoutMs: number;
  /** "provider/model": the key of latency statistics. */
  key: string;
  /** Set when a project route names one of the project's own credentials (bring your own key). */
  own?: OwnProvider;
  /** Set when the target cannot be called (its project credential is gone or unreadable): it fails at once. */
  unusable?: Failure;
}

/**
 * The provider as a project credential makes it: the configured provider of that name (or a bare kind) with the
 * credential's key and base URL. Hazard: cfg.apiKey is a provider key; never log a Target.
 */
export interface OwnProvider {
  /** Names its endpoint: credential id and provider (a replaced credential is a new row, hence a new endpoint). */
  key: string;
  cfg: ProviderConfig;
}

/** How a model name is served: a compiled `models.<alias>` entry, or one direct target. */
export interface Route {
  alias: string;
  strategy: RouteStrategy;
  targets: readonly Target[];
  sticky: boolean;
  /** Total deadline of a request (0: the router's default). */
  timeoutMs: number;
  retries: number;
}

export interface ProviderNames {
  has(name: string): boolean;
  /** The provider a model without a prefix goes to (the first configured), if any. */
  readonly first: string | undefined;
}

const MAX_DIRECT = 1024;

/**
 * Model aliases, read on every request and replaceable at any time (set): the api service, a reloaded YAML
 * file or a test swaps the whole table; requests already routed keep the Route they resolved. A model name
 * that is no alias is routed as before: "provider/model", else the first provider (cached, bounded).
 */
export class RouteTable {
  private routes = new Map<string, Route>();
  private readonly direct = new Map<string, Route | Failure>();
  private readonly providers: ProviderNames;

  constructor(providers: ProviderNames, routes: Record<string, RouteConfig> = {}) {
    this.providers = providers;
    this.set(routes);
  }

  /** Replaces every alias; returns the problems found (targets naming an unknown provider are left out). */
  set(routes: Record<string, RouteConfig>): string[] {
    const problems: string[] = [];
    const next = new Map<string, Route>();
    for (const [alias, r] of Object.entries(routes)) {
      const targets = r.targets
        .filter((t) => this.providers.has(t.provider) || !problems.push(`models.${alias}: unknown provider "${t.provider}"`))
        .map((t) => target(t.provider, t.model, t));
      if (!targets.length) problems.push(`models.${alias}: no usable target`);
      else next.set(alias, { alias, strategy: r.strategy, targets, sticky: r.sticky === true, timeoutMs: r.timeoutMs ?? 0, retries: r.retries ?? 0 });
    }
    this.routes = next;
    this.direct.clear();
    return problems;
  }

  resolve(model: string): Route | Failure {
    const route = this.routes.get(model) ?? this.direct.get(model);
    if (route) return route;
    const resolved = directRoute(model, this.providers);
    if (this.direct.size >= MAX_DIRECT) this.direct.clear();
    this.direct.set(model, resolved);
    return resolved;
  }

  aliases(): string[] {
    return [...this.routes.keys()];
  }
}

/**
 * "name/model" goes to provider `name` as "model"; anything else to the first provider unchanged. Hazard: a bare
 * model id containing '/' (e.g. "meta-llama/Llama-3") is read as a provider prefix: send "<provider>/meta-llama/Llama-3".
 */
export function directRoute(model: string, providers: ProviderNames): Route | Failure {
  const slash = model.indexOf('/');
  if (slash > 0) {
    const name = model.slice(0, slash);
    if (!providers.has(name)) return modelNotFound(`no provider named "${name}" is configured for model "${model}"`);
    return single(model, name, model.slice(slash + 1));
  }
  if (!providers.first) return modelNotFound(`no provider is configured to serve model "${model}"`);
  return single(model, providers.first, model);
}

function single(alias: string, provider: string, model: string): Route {
  return { alias, strategy: 'priority', targets: [target(provider, model, {})], sticky: false, timeoutMs: 0, retries: 0 };
}

export function target(provider: string, model: string, t: Partial<RouteConfig['targets'][number]>): Target {
  return {
    provider,
    model,
    credential: t.credential ?? '',
    weight: t.weight ?? 1,
    timeoutMs: t.timeoutMs ?? 0,
    firstByteTimeoutMs: t.firstByteTimeoutMs ?? 0,
    connectTimeoutMs: t.connectTimeoutMs ?? 0,
    key: `${provider}/${model}`,
  };
}

export function isRoute(r: Route | Failure): r is Route {
  return 'targets' in r;
}
