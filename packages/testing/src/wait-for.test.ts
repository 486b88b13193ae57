import { describe, expect, it } from 'vitest';
import { uniqueName } from './unique-name.ts';
import { waitFor } from './wait-for.ts';

describe('waitFor', () => {
  it('returns once the assertion passes', async () => {
    let n = 0;
    expect(await waitFor(() => (++n < 3 ? expect.fail('not yet') : n), { intervalMs: 1 })).toBe(3);
  });

  it('throws the last error after the timeout', async () => {
    await expect(waitFor(() => expect.fail('never'), { timeoutMs: 50, intervalMs: 5 })).rejects.toThrow('never');
  });
});

describe('uniqueName', () => {
  it('is a fresh identifier-safe name each call', () => {
    const a = uniqueName('t_');
    expect(a).toMatch(/^t_[a-z0-9]{10}$/);
    expect(uniqueName('t_')).not.toBe(a);
  });
});
