import { describe, expect, it } from 'vitest';
import { cacheMode } from './cache-control.ts';
import { bearerToken } from './bearer.ts';

describe('cacheMode', () => {
  it('looks up and stores by default', () => expect(cacheMode(undefined, undefined)).toEqual({ lookup: true, store: true }));
  it('skips the lookup but stores the fresh answer on no-cache or x-tollgate-cache: bypass', () => {
    expect(cacheMode('no-cache', undefined)).toEqual({ lookup: false, store: true });
    expect(cacheMode('max-age=0, No-Cache', undefined)).toEqual({ lookup: false, store: true });
    expect(cacheMode(undefined, 'BYPASS')).toEqual({ lookup: false, store: true });
  });
  it('neither looks up nor stores on no-store', () => expect(cacheMode('no-store', undefined)).toEqual({ lookup: false, store: false }));
});

describe('bearerToken', () => {
  it('reads the credential of a bearer header in any case', () => {
    expect(bearerToken('Bearer tg_abc')).toBe('tg_abc');
    expect(bearerToken('bearer   tg_abc ')).toBe('tg_abc');
  });
  it('rejects other schemes and malformed headers', () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Basic dXNlcg==')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
  });
});
