import { once } from 'node:events';
import { Redis } from 'ioredis';
import { PURGE_BATCH } from './memory-budget.ts';
import { BUDGET_RESERVE, BUDGET_SETTLE, RATE_ADJUST, RATE_CHECK, type Script } from './redis-scripts.ts';
import { LimitsUnavailableError, type BudgetStore, type RateLimiter, type RuleState } from './types.ts';

// Rate limits and budgets in Redis, shared by every replica. Hazard: this runs on the request path, so an
// absent or slow Redis must cost a bounded few milliseconds: commands are never queued while disconnected
// (they fail at once), each has a timeout, and every failure surfaces as LimitsUnavailableError for the
// caller's fail-open/closed policy. Keys of one request share the `{project}` hash tag the callers put in
// them, so the scripts stay valid on Redis Cluster.

export interface RedisLimitsOptions {
  url: string;
  /** Prepended to every key (default `tg:lim:`); tests use a random one. */
  prefix?: string;
  /** Per-command timeout (default 500 ms). */
  commandTimeoutMs?: number;
  /** How long creation waits for the first connection before going on without it (default 2 s). */
  connectWaitMs?: number;
  /** Connection errors (already surfaced per call); for logging. */
  onConnectionError?: (err: unknown) => void;
}

export interface RedisLimits {
  limiter: RateLimiter;
  budgets: BudgetStore;
  healthy(): boolean;
  close(): Promise<void>;
}

export async function createRedisLimits(opts: RedisLimitsOptions): Promise<RedisLimits> {
  const prefix = opts.prefix ?? 'tg:lim:';
  const redis = new Redis(opts.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Generous on purpose: a busy event loop reads a reply late, and a timed-out check admits the request
    // unchecked under fail-open (50 ms let bursts of requests through unchecked). A disconnected Redis still fails
    // at once: the offline queue is off.
    commandTimeout: opts.commandTimeoutMs ?? 500,
    connectTimeout: 1_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  redis.on('error', (err) => opts.onConnectionError?.(err));
  await once(redis, 'ready', { signal: AbortSignal.timeout(opts.connectWaitMs ?? 2_000) }).catch(() => {});

  async function run(op: string, s: Script, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(s.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!String((err as Error)?.message).startsWith('NOSCRIPT')) throw new LimitsUnavailableError(op, err);
      return redis.eval(s.lua, keys.length, ...keys, ...args).catch((e: unknown) => {
        throw new LimitsUnavailableError(op, e);
      });
    }
  }
  const scopeKeys = (scopes: { key: string }[]) => scopes.flatMap((s) => [prefix + s.key, `${prefix + s.key}:res`]);

  const limiter: RateLimiter = {
    async check(rules, nowMs) {
      if (rules.length === 0) return { allowed: true, states: [] };
      const args: (string | number)[] = [nowMs];
      for (const r of rules) args.push(r.limit, r.windowMs, r.cost);
      const out = (await run('rate.check', RATE_CHECK, rules.map((r) => prefix + r.key), args)) as number[];
      const states: RuleState[] = rules.map((r, i) => ({ key: r.key, unit: r.unit, limit: r.limit, remaining: out[3 + 2 * i], resetMs: out[4 + 2 * i] }));
      if (out[0] === 1) return { allowed: true, states };
      return { allowed: false, retryAfterMs: out[2], deniedKey: rules[out[1] - 1].key, states };
    },
    async adjust(rules, nowMs) {
      const changed = rules.filter((r) => r.delta !== 0);
      if (changed.length === 0) return;
      const args: (string | number)[] = [nowMs];
      for (const r of changed) args.push(r.limit, r.windowMs, r.delta);
      await run('rate.adjust', RATE_ADJUST, changed.map((r) => prefix + r.key), args);
    },
  };

  const budgets: BudgetStore = {
    async reserve(req, nowMs) {
      const expiresAtMs = nowMs + req.ttlMs;
      const reservation = { id: req.id, scopes: req.scopes.map((s) => ({ key: s.key, retentionMs: s.retentionMs })), amountNanousd: req.amountNanousd, expiresAtMs };
      if (req.scopes.length === 0) return { ok: true, reservation };
      const args: (string | number)[] = [nowMs, req.id, req.amountNanousd.toString(), expiresAtMs, PURGE_BATCH];
      for (const s of req.scopes) args.push(s.limitNanousd.toString(), s.retentionMs);
      const out = (await run('budget.reserve', BUDGET_RESERVE, scopeKeys(req.scopes), args)) as [number, number?, string?, string?];
      if (out[0] === 1) return { ok: true, reservation };
      return { ok: false, scope: req.scopes[out[1]! - 1], spentNanousd: BigInt(out[2]!), reservedNanousd: BigInt(out[3]!) };
    },
    async settle(reservation, actualNanousd) {
      if (reservation.scopes.length === 0) return;
      const args: (string | number)[] = [reservation.id, actualNanousd.toString(), ...reservation.scopes.map((s) => s.retentionMs)];
      await run('budget.settle', BUDGET_SETTLE, scopeKeys(reservation.scopes), args);
    },
    async usage(key) {
      try {
        const [s, r] = await redis.hmget(prefix + key, 's', 'r');
        return { spentNanousd: BigInt(s ?? 0), reservedNanousd: BigInt(r ?? 0) };
      } catch (err) {
        throw new LimitsUnavailableError('budget.usage', err);
      }
    },
  };

  return {
    limiter,
    budgets,
    healthy: () => redis.status === 'ready',
    async close() {
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
