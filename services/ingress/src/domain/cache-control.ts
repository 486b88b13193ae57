export type CacheMode = 'use' | 'bypass';

/**
 * `Cache-Control: no-cache` / `no-store` or `x-tollgate-cache: bypass` skip the lookup. The fresh answer is
 * still stored (no-cache asks for a fresh answer, not for no caching), except with no-store.
 */
export function cacheMode(cacheControl: string | undefined, tollgateCache: string | undefined): { lookup: boolean; store: boolean } {
  const cc = (cacheControl ?? '').toLowerCase();
  const noStore = cc.includes('no-store');
  const bypass = noStore || cc.includes('no-cache') || (tollgateCache ?? '').toLowerCase() === 'bypass';
  return { lookup: !bypass, store: !noStore };
}
