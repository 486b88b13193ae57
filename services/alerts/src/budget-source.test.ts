import { describe, expect, it } from 'vitest';
import { cachedBudgetSource } from './budget-source.ts';

describe('cachedBudgetSource', () => {
  const owner = { kind: 'key' as const, projectId: 'p', id: 'k' };

  it('asks the source once per owner within the TTL, then again', async () => {
    let calls = 0;
    let now = 0;
    const cached = cachedBudgetSource({ limits: async () => ({ dailyBudgetUsd: ++calls }) }, { ttlMs: 1000, now: () => now });
    expect(await cached.limits(owner)).toEqual({ dailyBudgetUsd: 1 });
    expect(await cached.limits(owner)).toEqual({ dailyBudgetUsd: 1 });
    now = 1500;
    expect(await cached.limits(owner)).toEqual({ dailyBudgetUsd: 2 });
    expect(calls).toBe(2);
  });

  it('does not remember a failure', async () => {
    let fail = true;
    const cached = cachedBudgetSource({ limits: async () => (fail ? Promise.reject(new Error('db down')) : { monthlyBudgetUsd: 5 }) }, { ttlMs: 60_000, now: () => 0 });
    await expect(cached.limits(owner)).rejects.toThrow('db down');
    fail = false;
    expect(await cached.limits(owner)).toEqual({ monthlyBudgetUsd: 5 });
  });

  it('knows the limits without waiting once they arrived, until the TTL runs out (a failure is never known)', async () => {
    let now = 0;
    let fail = false;
    const cached = cachedBudgetSource({ limits: async () => (fail ? Promise.reject(new Error('db down')) : { dailyBudgetUsd: 3 }) }, { ttlMs: 1000, now: () => now });
    expect(cached.known?.(owner)).toBeUndefined();
    const pending = cached.limits(owner);
    expect(cached.known?.(owner)).toBeUndefined(); // asked, not answered yet
    await pending;
    expect(cached.known?.(owner)).toEqual({ limits: { dailyBudgetUsd: 3 } });
    now = 1500;
    expect(cached.known?.(owner)).toBeUndefined();
    fail = true;
    await expect(cached.limits(owner)).rejects.toThrow('db down');
    expect(cached.known?.(owner)).toBeUndefined();
  });
});
