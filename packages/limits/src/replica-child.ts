// A replica for replicas.int.test.ts: connects to the shared Redis, prints `ready`, waits for `go` on stdin,
// hammers one rate rule or one budget concurrently, prints its tallies as one JSON line and exits.
// Usage: node replica-child.ts '<json config>'. Not part of the package's API.
import { createInterface } from 'node:readline';
import { createRedisLimits } from './redis-limits.ts';

interface RateJob {
  mode: 'rate';
  url: string;
  prefix: string;
  rule: { key: string; limit: number; windowMs: number };
  attempts: number;
  nowMs: number;
}
interface BudgetJob {
  mode: 'budget';
  url: string;
  prefix: string;
  scope: { key: string; limitNanousd: string };
  requests: number;
  estimate: [min: number, max: number];
  ttlMs: number;
  /** Requests in flight at once in this replica. */
  inflight: number;
}

const job = JSON.parse(process.argv[2]) as RateJob | BudgetJob;
const r = await createRedisLimits({ url: job.url, prefix: job.prefix, commandTimeoutMs: 2_000 });
const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
process.stdout.write('ready\n');
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));

let out: Record<string, number | string>;
if (job.mode === 'rate') {
  const rule = { ...job.rule, cost: 1, unit: 'requests' as const };
  const all = await Promise.all(Array.from({ length: job.attempts }, () => r.limiter.check([rule], job.nowMs)));
  out = { allowed: all.filter((d) => d.allowed).length, denied: all.filter((d) => !d.allowed).length };
} else {
  const scope = { key: job.scope.key, limitNanousd: BigInt(job.scope.limitNanousd), retentionMs: 3_600_000, label: 'test' };
  let admitted = 0;
  let settled = 0n;
  let maxEstimate = 0;
  let next = 0;
  const one = async (i: number) => {
    const est = between(job.estimate[0], job.estimate[1]);
    maxEstimate = Math.max(maxEstimate, est);
    const res = await r.budgets.reserve({ id: `${process.pid}-${i}`, scopes: [scope], amountNanousd: BigInt(est), ttlMs: job.ttlMs }, Date.now());
    if (!res.ok) return;
    admitted++;
    await new Promise((done) => setTimeout(done, between(0, 20))); // the upstream call
    const actual = BigInt(between(0, est)); // streams included: the real count is known at the end
    await r.budgets.settle(res.reservation, actual);
    settled += actual;
  };
  const lane = async () => {
    while (next < job.requests) await one(next++);
  };
  await Promise.all(Array.from({ length: Math.min(job.inflight, job.requests) }, lane));
  out = { admitted, rejected: job.requests - admitted, settled: settled.toString(), maxEstimate };
}
process.stdout.write(`${JSON.stringify(out)}\n`);
await r.close();
process.exit(0);
