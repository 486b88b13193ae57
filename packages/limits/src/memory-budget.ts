import type { BudgetStore } from './types.ts';

/** Expired reservations dropped per scope per reserve (the Redis script has the same bound). */
export const PURGE_BATCH = 100;

interface ScopeTotals {
  spent: bigint;
  reserved: bigint;
  /** Reservation id -> amount and expiry. */
  held: Map<string, { amount: bigint; expiresAtMs: number }>;
  /** Retention deadline (the Redis key's PEXPIRE). */
  keepUntilMs: number;
}

/**
 * The in-memory budget store (one process: the embedded default), with the Redis script's semantics.
 * Atomic because each call runs to completion on the event loop. Scopes past their retention are swept when
 * the map grows past maxScopes; retention is measured on the clock passed to reserve.
 */
export function createMemoryBudgets(opts: { maxScopes?: number } = {}): BudgetStore {
  const scopes = new Map<string, ScopeTotals>();
  const maxScopes = opts.maxScopes ?? 100_000;
  let sweepAt = maxScopes;
  let lastNowMs = 0;
  const totals = (key: string, retentionMs: number): ScopeTotals => {
    let s = scopes.get(key);
    if (!s) scopes.set(key, (s = { spent: 0n, reserved: 0n, held: new Map(), keepUntilMs: 0 }));
    s.keepUntilMs = lastNowMs + retentionMs;
    return s;
  };
  const purge = (s: ScopeTotals, nowMs: number) => {
    let n = 0;
    for (const [id, h] of s.held) {
      if (n >= PURGE_BATCH) break;
      if (h.expiresAtMs > nowMs) continue;
      s.held.delete(id);
      s.reserved -= h.amount;
      n++;
    }
  };
  const sweep = () => {
    if (scopes.size <= sweepAt) return;
    for (const [k, s] of scopes) if (s.keepUntilMs <= lastNowMs) scopes.delete(k);
    sweepAt = Math.max(maxScopes, scopes.size * 2);
  };

  return {
    async reserve(req, nowMs) {
      lastNowMs = nowMs;
      const need = req.amountNanousd > 0n ? req.amountNanousd : 1n;
      for (const scope of req.scopes) {
        const s = scopes.get(scope.key);
        if (s) purge(s, nowMs);
        const spent = s?.spent ?? 0n;
        const reserved = s?.reserved ?? 0n;
        if (spent + reserved + need > scope.limitNanousd) return { ok: false, scope, spentNanousd: spent, reservedNanousd: reserved };
      }
      const expiresAtMs = nowMs + req.ttlMs;
      for (const scope of req.scopes) {
        const s = totals(scope.key, scope.retentionMs);
        s.reserved += req.amountNanousd;
        s.held.set(req.id, { amount: req.amountNanousd, expiresAtMs });
      }
      sweep();
      const reservation = { id: req.id, scopes: req.scopes.map((s) => ({ key: s.key, retentionMs: s.retentionMs })), amountNanousd: req.amountNanousd, expiresAtMs };
      return { ok: true, reservation };
    },
    async settle(reservation, actualNanousd) {
      for (const scope of reservation.scopes) {
        const s = totals(scope.key, scope.retentionMs);
        const h = s.held.get(reservation.id);
        if (h) {
          s.held.delete(reservation.id);
          s.reserved -= h.amount;
        }
        s.spent += actualNanousd;
      }
    },
    async usage(key) {
      const s = scopes.get(key);
      return { spentNanousd: s?.spent ?? 0n, reservedNanousd: s?.reserved ?? 0n };
    },
  };
}
