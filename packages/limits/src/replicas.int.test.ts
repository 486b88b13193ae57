import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { testUrls, uniqueName } from '@tollgate/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisLimits } from './redis-limits.ts';

// Three real processes (replicas) share one Redis and hammer the same limit at once: the limit must hold for
// all of them together, not per replica. Each child is killed if it has not finished within its bound.

const CHILD = fileURLToPath(new URL('./replica-child.ts', import.meta.url));
const REPLICAS = 3;
const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Starts the replicas, waits until each is connected, releases them together, returns their JSON tallies. */
async function runReplicas(jobs: object[]): Promise<Record<string, number | string>[]> {
  const outputs = jobs.map((job) => {
    const c = spawn(process.execPath, [CHILD, JSON.stringify(job)], { stdio: ['pipe', 'pipe', 'inherit'] });
    children.push(c);
    const timer = setTimeout(() => c.kill('SIGKILL'), 20_000);
    let text = '';
    c.stdout!.on('data', (b: Buffer) => (text += b));
    const ready = new Promise<void>((resolve, reject) => {
      const onData = () => {
        if (!text.includes('ready\n')) return;
        c.stdout!.off('data', onData);
        resolve();
      };
      c.stdout!.on('data', onData);
      c.once('exit', () => reject(new Error(`replica exited early: ${text}`)));
    });
    const done = once(c, 'exit').then(([code]) => {
      clearTimeout(timer);
      if (code !== 0) throw new Error(`replica exited with ${code}: ${text}`);
      return JSON.parse(text.split('\n').filter(Boolean).at(-1)!) as Record<string, number | string>;
    });
    return { c, ready, done };
  });
  await Promise.all(outputs.map((o) => o.ready));
  for (const o of outputs) o.c.stdin!.end('go\n');
  return Promise.all(outputs.map((o) => o.done));
}

describe('limits across replicas (3 processes, one Redis)', () => {
  it('admits exactly the rate limit in total, not the limit per replica', async () => {
    const prefix = `${uniqueName('tgtest:lim:')}:`;
    const rule = { key: 'rl:{p}:key:k:rpd', limit: 50, windowMs: 86_400_000 };
    const job = { mode: 'rate', url: testUrls().redisUrl, prefix, rule, attempts: 200, nowMs: 1_800_000_000_000 };
    const tallies = await runReplicas(Array.from({ length: REPLICAS }, () => job));
    const allowed = tallies.reduce((n, t) => n + Number(t.allowed), 0);
    expect(tallies.reduce((n, t) => n + Number(t.allowed) + Number(t.denied), 0)).toBe(600);
    expect(allowed).toBe(50);
  });

  // All 200 in flight at once (reservations hold the budget while upstream runs), then 10 in flight per replica
  // (settled requests free room, so later ones race for the last nano-dollars: where check-then-add overshoots).
  it.each([
    ['all 200 in flight', 67],
    ['10 in flight per replica', 10],
  ])('keeps spend within the budget across 200 requests, %s (overshoot 0)', async (label, inflight) => {
    const prefix = `${uniqueName('tgtest:lim:')}:`;
    const limit = 20_000_000n; // $0.02
    const scope = { key: 'bg:{p}:project:p:day:2026-11-23', limitNanousd: limit.toString() };
    const per = [67, 67, 66];
    const url = testUrls().redisUrl;
    const jobs = per.map((requests) => ({ mode: 'budget', url, prefix, scope, requests, inflight, estimate: [200_000, 1_000_000], ttlMs: 60_000 }));
    const tallies = await runReplicas(jobs);

    const r = await createRedisLimits({ url, prefix });
    const usage = await r.budgets.usage(scope.key);
    await r.close();
    const settled = tallies.reduce((n, t) => n + BigInt(t.settled), 0n);
    const admitted = tallies.reduce((n, t) => n + Number(t.admitted), 0);
    const overshoot = usage.spentNanousd > limit ? usage.spentNanousd - limit : 0n;
    console.info(`budget across replicas, ${label}: admitted ${admitted}/200, spent ${usage.spentNanousd} of ${limit} nano-USD, overshoot ${overshoot}`);
    expect(usage.spentNanousd).toBe(settled); // every settled cost is recorded exactly once
    expect(usage.reservedNanousd).toBe(0n);
    expect(overshoot).toBe(0n);
    expect(admitted).toBeGreaterThan(0);
    expect(admitted).toBeLessThan(200); // the budget did stop spending
  });
});
