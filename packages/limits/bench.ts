// Admission cost per request: one rate check (key rpm + tpm, project rpm: one EVALSHA) plus one budget
// reservation (key and project daily: one EVALSHA), then the settle (budget settle + token adjust), for the
// memory twin and for Redis (REDIS_URL, default redis://127.0.0.1:6379). Sequential, so the figures are
// latency per request, not throughput. Usage: node packages/limits/bench.ts [requests]
import { randomBytes } from 'node:crypto';
import { budgetScopes, createMemoryBudgets, createMemoryRateLimiter, createRedisLimits, rateRules, type BudgetStore, type RateLimiter } from './src/index.ts';

const N = Number(process.argv[2] ?? 20_000);
const WARMUP = 1_000;

async function bench(name: string, limiter: RateLimiter, budgets: BudgetStore): Promise<void> {
  const run = randomBytes(5).toString('hex');
  const key = { kind: 'key' as const, projectId: run, id: 'k' };
  const project = { kind: 'project' as const, projectId: run, id: run };
  const admit: number[] = [];
  const settle: number[] = [];
  for (let i = 0; i < N + WARMUP; i++) {
    const now = Date.now();
    const rules = [...rateRules(key, { requestsPerMinute: 1e9, tokensPerMinute: 1e12 }, 300), ...rateRules(project, { requestsPerMinute: 1e9 }, 300)];
    const scopes = [...budgetScopes(key, { dailyBudgetNanousd: 10n ** 15n }, now), ...budgetScopes(project, { dailyBudgetNanousd: 10n ** 15n }, now)].map((s) => ({ ...s, retentionMs: 120_000 }));
    const t0 = performance.now();
    const d = await limiter.check(rules, now);
    const r = await budgets.reserve({ id: `r${i}`, scopes, amountNanousd: 50_000n, ttlMs: 60_000 }, now);
    const t1 = performance.now();
    if (!d.allowed || !r.ok) throw new Error('bench limits are too small');
    await Promise.all([budgets.settle(r.reservation, 20_000n), limiter.adjust([{ ...rules[1], delta: -100 }], now)]);
    const t2 = performance.now();
    if (i >= WARMUP) {
      admit.push((t1 - t0) * 1000);
      settle.push((t2 - t1) * 1000);
    }
  }
  const q = (xs: number[], p: number) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))].toFixed(1);
  console.log(`${name.padEnd(7)} admit p50 ${q(admit, 0.5)} µs  p99 ${q(admit, 0.99)} µs | settle p50 ${q(settle, 0.5)} µs  p99 ${q(settle, 0.99)} µs  (${N} requests)`);
}

await bench('memory', createMemoryRateLimiter(), createMemoryBudgets());
const redis = await createRedisLimits({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: `tg:bench:${randomBytes(4).toString('hex')}:`, commandTimeoutMs: 1_000 });
if (!redis.healthy()) console.log('redis   not reachable; skipped');
else await bench('redis', redis.limiter, redis.budgets);
await redis.close();
