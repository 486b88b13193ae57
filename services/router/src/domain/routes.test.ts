import { describe, expect, it } from 'vitest';
import { failureBody, failureStatus } from './classify.ts';
import { directRoute, isRoute, RouteTable } from './routes.ts';

const names = (list: string[]) => ({ has: (n: string) => list.includes(n), first: list[0] });
const providers = names(['openai', 'groq', 'anthropic']);

describe('directRoute (a model name that is no alias)', () => {
  it('sends a bare model to the first provider, unchanged', () => {
    const r = directRoute('gpt-4o-mini', providers);
    expect(isRoute(r) && r.targets.map((t) => [t.provider, t.model])).toEqual([['openai', 'gpt-4o-mini']]);
  });

  it('picks the provider named by a prefix and keeps the rest after the first slash', () => {
    const r = directRoute('groq/meta-llama/Llama-3', providers);
    expect(isRoute(r) && [r.targets[0].provider, r.targets[0].model, r.retries]).toEqual(['groq', 'meta-llama/Llama-3', 0]);
  });

  it('answers 404 model_not_found for an unknown prefix or when no provider exists', () => {
    for (const r of [directRoute('nope/gpt-4o', providers), directRoute('gpt-4o', names([]))]) {
      expect(isRoute(r)).toBe(false);
      if (isRoute(r)) return;
      expect(failureStatus(r)).toBe(404);
      expect(JSON.parse(failureBody(r)).error.code).toBe('model_not_found');
    }
  });
});

describe('RouteTable', () => {
  const smart = { strategy: 'priority' as const, targets: [{ provider: 'anthropic', model: 'claude-sonnet-4-20250514' }, { provider: 'openai', model: 'gpt-4o', credential: 'team-b', timeoutMs: 5000 }], retries: 2, timeoutMs: 30_000 };

  it('given an alias, resolves it to its compiled targets', () => {
    const table = new RouteTable(providers, { smart });
    const r = table.resolve('smart');
    expect(isRoute(r) && r.targets.map((t) => t.key)).toEqual(['anthropic/claude-sonnet-4-20250514', 'openai/gpt-4o']);
    expect(isRoute(r) && [r.retries, r.timeoutMs, r.targets[1].credential, r.targets[1].timeoutMs]).toEqual([2, 30_000, 'team-b', 5000]);
  });

  it('when routes are replaced, the next resolve sees the new ones (hot reload) and old aliases become plain models', () => {
    const table = new RouteTable(providers, { smart });
    table.set({ fast: { strategy: 'priority', targets: [{ provider: 'groq', model: 'llama-3.1-8b-instant' }] } });
    const fast = table.resolve('fast');
    expect(isRoute(fast) && fast.targets[0].key).toBe('groq/llama-3.1-8b-instant');
    const old = table.resolve('smart');
    expect(isRoute(old) && old.targets[0].key).toBe('openai/smart');
  });

  it('reports targets naming an unknown provider and leaves them out', () => {
    const table = new RouteTable(providers);
    const problems = table.set({ a: { strategy: 'priority', targets: [{ provider: 'ghost', model: 'm' }, { provider: 'groq', model: 'm' }] }, b: { strategy: 'priority', targets: [{ provider: 'ghost', model: 'm' }] } });
    expect(problems).toEqual(['models.a: unknown provider "ghost"', 'models.b: unknown provider "ghost"', 'models.b: no usable target']);
    const a = table.resolve('a');
    expect(isRoute(a) && a.targets.length).toBe(1);
  });
});
