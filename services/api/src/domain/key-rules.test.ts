import { describe, expect, it } from 'vitest';
import { newKeySettings, oldKeyExpiry, rotationRefusal, updatedKeySettings } from './key-rules.ts';

const now = new Date('2030-01-01T00:00:00Z');
const at = (s: number) => new Date(now.getTime() + s * 1000);

describe('key settings', () => {
  it('collects limits into one object and defaults the rest', () => {
    expect(newKeySettings({ name: 'k', rpm: 5, monthly_budget_usd: 9 }, now)).toEqual({ name: 'k', limits: { rpm: 5, monthly_budget_usd: 9 }, allowedModels: null, expiresAt: null, metadata: {} });
  });

  it('updates only given fields; null clears', () => {
    const current = newKeySettings({ name: 'k', rpm: 5, tpm: 6, allowed_models: ['a'], metadata: { x: 'y' } }, now);
    expect(updatedKeySettings(current, { tpm: null, rpm: 7, allowed_models: null, metadata: null }, now)).toEqual({ name: 'k', limits: { rpm: 7 }, allowedModels: null, expiresAt: null, metadata: {} });
    expect(() => updatedKeySettings(current, {}, now)).toThrow(/at least one field/);
  });

  it('refuses an expiry that is not in the future', () => {
    expect(() => newKeySettings({ name: 'k', expires_at: now }, now)).toThrow(/future/);
    expect(newKeySettings({ name: 'k', expires_at: at(1) }, now).expiresAt).toEqual(at(1));
  });
});

describe('rotation', () => {
  const live = { revokedAt: null, expiresAt: null, replacedBy: null };
  it('refuses revoked, rotated and expired keys', () => {
    expect(rotationRefusal(live, now)).toBeUndefined();
    expect(rotationRefusal({ ...live, revokedAt: now }, now)).toMatch(/revoked/);
    expect(rotationRefusal({ ...live, replacedBy: 'k2' }, now)).toMatch(/already rotated/);
    expect(rotationRefusal({ ...live, expiresAt: now }, now)).toMatch(/expired/);
  });

  it('keeps the old key for the overlap, never past an expiry it already had', () => {
    expect(oldKeyExpiry(live, now, 0)).toEqual(now);
    expect(oldKeyExpiry(live, now, 60)).toEqual(at(60));
    expect(oldKeyExpiry({ ...live, expiresAt: at(10) }, now, 60)).toEqual(at(10));
  });
});
