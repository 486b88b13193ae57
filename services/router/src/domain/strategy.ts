import type { Route, Target } from './routes.ts';

/** What a strategy may look at; all of it passed in, so ordering is pure and repeatable. */
export interface StrategyInputs {
  /** A uniform draw in [0, 1) for this request (weighted split without stickiness). */
  random: number;
  /** Body `user`, else the project id: the same key always draws the same first target (sticky). */
  stickyKey: string;
  /** Smoothed latency of a target key ("provider/model"), undefined when never observed. */
  latencyMs(key: string): number | undefined;
  /** USD per million tokens (input + output) of a model, undefined when unpriced. */
  price(model: string): number | undefined;
}

/**
 * The order in which a route's targets are tried: the first is the choice, the rest are the fallbacks.
 * priority: as configured. weighted: one drawn by weight, then the others as configured. latency: fastest
 * first, never-observed targets before observed ones (so they get measured). cost: cheapest first, unpriced last.
 */
export function orderTargets(route: Route, inputs: StrategyInputs): readonly Target[] {
  const targets = route.targets;
  if (targets.length < 2) return targets;
  switch (route.strategy) {
    case 'priority':
      return targets;
    case 'weighted': {
      const u = route.sticky && inputs.stickyKey ? hashUnit(`${route.alias}\n${inputs.stickyKey}`) : inputs.random;
      const i = pickWeighted(targets, u);
      return i === 0 ? targets : [targets[i], ...targets.slice(0, i), ...targets.slice(i + 1)];
    }
    case 'latency':
      return sortBy(targets, (t) => inputs.latencyMs(t.key) ?? -1);
    case 'cost':
      return sortBy(targets, (t) => inputs.price(t.model) ?? Number.POSITIVE_INFINITY);
  }
}

/** Index of the target a draw u in [0, 1) falls on, by cumulative weight (all-zero weights: the first). */
export function pickWeighted(targets: readonly Target[], u: number): number {
  let total = 0;
  for (const t of targets) total += t.weight;
  if (total <= 0) return 0;
  let at = u * total;
  for (let i = 0; i < targets.length; i++) {
    at -= targets[i].weight;
    if (at < 0) return i;
  }
  return targets.length - 1;
}

/** A string hashed (FNV-1a, 32 bits) to [0, 1): the same key always lands on the same point. */
export function hashUnit(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 2 ** 32;
}

function sortBy(targets: readonly Target[], score: (t: Target) => number): Target[] {
  return targets
    .map((t, i) => ({ t, i, s: score(t) }))
    .sort((a, b) => a.s - b.s || a.i - b.i)
    .map((x) => x.t);
}
