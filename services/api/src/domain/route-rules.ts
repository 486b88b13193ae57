// Cross-field rules of a model route that its schema cannot express: weights belong to the weighted strategy, and
// a target's credential must be one of the project's credentials for that same provider. Pure.

import type { RouteTargetJson } from '@tollgate/db';
import type { PutRouteBody } from './bodies.ts';
import { invalid } from './schema.ts';

export interface StoredRoute {
  strategy: string;
  targets: RouteTargetJson[];
}

export function checkRoute(body: PutRouteBody, credentials: readonly { name: string; provider: string }[]): StoredRoute {
  const strategy = body.strategy ?? 'priority';
  const targets = body.targets.map((t, i) => {
    const at = `targets[${i}]`;
    if (t.weight !== undefined && strategy !== 'weighted') throw invalid(`${at}.weight`, 'is only allowed with strategy weighted');
    if (t.credential !== undefined) {
      const c = credentials.find((x) => x.name === t.credential);
      if (!c) throw invalid(`${at}.credential`, `names no credential of this project: ${t.credential}`);
      if (c.provider !== t.provider) throw invalid(`${at}.credential`, `is a credential for provider ${c.provider}, not ${t.provider}`);
    }
    const out: RouteTargetJson = { provider: t.provider, model: t.model };
    if (t.credential !== undefined) out.credential = t.credential;
    if (strategy === 'weighted') out.weight = t.weight ?? 1;
    return out;
  });
  const seen = new Set<string>();
  targets.forEach((t, i) => {
    const id = `${t.provider}\u0000${t.model}\u0000${t.credential ?? ''}`;
    if (seen.has(id)) throw invalid(`targets[${i}]`, 'repeats an earlier target');
    seen.add(id);
  });
  return { strategy, targets };
}
