import type { ProviderConfig } from '@tollgate/config';
import { circuitOpen, type Failure, modelNotFound } from './classify.ts';

/** What the router knows of circuit breakers: read from memory, never from the network, on the request path. */
export interface CircuitView {
  allows(provider: string): boolean;
  /** Seconds until an open circuit lets a probe through (0 if unknown or closed). */
  retryAfterS?(provider: string): number;
}

export interface ProviderIndex {
  byName: ReadonlyMap<string, ProviderConfig>;
  first: ProviderConfig | undefined;
}

export function indexProviders(providers: readonly ProviderConfig[]): ProviderIndex {
  return { byName: new Map(providers.map((p) => [p.name, p])), first: providers[0] };
}

export type Selection = { ok: true; provider: ProviderConfig; model: string; stripped: boolean } | { ok: false; failure: Failure };

/**
 * Which provider serves `model`. "name/model" picks provider `name` and forwards "model"; anything else goes to
 * the first configured provider unchanged. Hazard: a bare model id containing '/' (e.g. "meta-llama/Llama-3")
 * is read as a provider prefix, so it must be sent as "<provider>/meta-llama/Llama-3".
 */
export function selectProvider(index: ProviderIndex, model: string, circuits: CircuitView): Selection {
  const slash = model.indexOf('/');
  let provider: ProviderConfig | undefined;
  let upstreamModel = model;
  if (slash > 0) {
    const name = model.slice(0, slash);
    provider = index.byName.get(name);
    if (!provider) return { ok: false, failure: modelNotFound(`no provider named "${name}" is configured for model "${model}"`) };
    upstreamModel = model.slice(slash + 1);
  } else {
    provider = index.first;
    if (!provider) return { ok: false, failure: modelNotFound(`no provider is configured to serve model "${model}"`) };
  }
  if (!circuits.allows(provider.name)) return { ok: false, failure: circuitOpen(provider.name, circuits.retryAfterS?.(provider.name) ?? 0) };
  return { ok: true, provider, model: upstreamModel, stripped: slash > 0 };
}
