import { randomUUID } from 'node:crypto';
import type { KeyLimits, ProjectLimits } from '@tollgate/db';
import { GatewayError } from '@tollgate/errors';
import {
  budgetScopes,
  estimateTokens,
  maxCostNanousd,
  rateLimitHeaders,
  rateRules,
  usdToNanousd,
  type BudgetScope,
  type BudgetStore,
  type LimitSet,
  type RateLimiter,
  type RateRule,
  type Reservation,
  type RuleState,
} from '@tollgate/limits';
import { type Logger, Registry } from '@tollgate/telemetry';

// Admission: before a request goes upstream, its rate limits are checked and consumed (one atomic step) and
// its maximum cost is reserved against its budgets (another); after the response (or the stream) ended,
// settle() corrects the token count and charges the actual cost. The HTTP layer sets ticket.headers on the
// response, and a thrown GatewayError's headers on the error response.

/** A key's limits and its project's (plan with overrides); both apply, the stricter wins. */
export type { KeyLimits, ProjectLimits } from '@tollgate/db';

/** What to do when the limits store cannot answer: admit unchecked ('open') or answer 503 ('closed'). */
export type FailPolicy = 'open' | 'closed';

export interface AdmissionDeps {
  limits: RateLimiter;
  budgets: BudgetStore;
  policy: FailPolicy;
  now: () => number;
  /** IANA zone in which budget days and months start (default UTC). */
  timeZone?: string;
  /** An unsettled reservation stops counting after this (default 15 min; above the upstream timeout). */
  reservationTtlMs?: number;
  /** Completion allowance for requests that set no max_tokens (default 4096). */
  defaultMaxTokens?: number;
  logger?: Logger;
  metrics?: Registry;
  newId?: () => string;
}

export interface AdmissionRequest {
  model: string;
  promptChars: number;
  maxTokens?: number;
  /** USD per million tokens; without it the request's cost is unknown and reserves nothing. */
  price?: { input: number; output: number };
}

export interface Admitted {
  readonly identity: { projectId: string; keyId: string };
  readonly tokenEstimate: number;
  readonly costEstimateNanousd: bigint;
  /** `x-ratelimit-*` headers for the response (empty when no rate limit applies or the store was down). */
  readonly headers: Readonly<Record<string, string>>;
  /** Admitted without a check because the limits store was unavailable (fail-open). */
  readonly unchecked: boolean;
  readonly tokenRules: readonly RateRule[];
  readonly reservation: Reservation;
  settled: boolean;
}

export interface ActualUsage {
  tokensIn: number;
  tokensOut: number;
  costNanousd: bigint;
}

export function createAdmission(deps: AdmissionDeps) {
  const registry = deps.metrics ?? new Registry();
  const results = registry.counter('tollgate_admission_total', 'Admission decisions by result');
  const unavailable = registry.counter('tollgate_limits_unavailable_total', 'Limits store calls that failed, by operation and policy');
  const ttlMs = deps.reservationTtlMs ?? 15 * 60_000;
  const newId = deps.newId ?? randomUUID;
  let failing = false;

  /** Applies the fail policy to a store failure: returns (fail-open) or throws a 503 (fail-closed). */
  function storeFailed(op: string, err: unknown): void {
    unavailable.inc({ op, policy: deps.policy });
    (failing ? deps.logger?.debug : deps.logger?.warn)?.('limits store unavailable', { op, policy: deps.policy, err });
    failing = true;
    if (deps.policy === 'closed') throw new GatewayError('unavailable', 'rate limits and budgets cannot be checked right now; retry shortly', { cause: err });
  }

  async function admit(identity: { projectId: string; keyId: string }, req: AdmissionRequest, keyLimits: KeyLimits = {}, projectLimits: ProjectLimits = {}): Promise<Admitted> {
    const now = deps.now();
    const maxTokens = req.maxTokens ?? deps.defaultMaxTokens ?? 4096;
    const tokenEstimate = estimateTokens(req.promptChars, maxTokens);
    const cost = maxCostNanousd(req.price, estimateTokens(req.promptChars, 0), maxTokens);
    const key = { kind: 'key' as const, projectId: identity.projectId, id: identity.keyId };
    const project = { kind: 'project' as const, projectId: identity.projectId, id: identity.projectId };
    const rules = [...rateRules(key, limitSet(keyLimits), tokenEstimate), ...rateRules(project, limitSet(projectLimits), tokenEstimate)];
    const scopes = [...budgetScopes(key, limitSet(keyLimits), now, deps.timeZone), ...budgetScopes(project, limitSet(projectLimits), now, deps.timeZone)];

    let headers: Record<string, string> = {};
    let unchecked = false;
    if (rules.length > 0) {
      const d = await deps.limits.check(rules, now).catch((err: unknown) => storeFailed('rate.check', err));
      if (!d) unchecked = true;
      else if (!d.allowed) {
        results.inc({ result: 'rate_limited' });
        throw rateLimited(d.states, d.deniedKey, d.retryAfterMs);
      } else headers = rateLimitHeaders(d.states);
    }

    const id = scopes.length > 0 ? newId() : ''; // a reservation without budgets is never settled: no id to draw
    let reservation: Reservation = { id, scopes: scopes.map((s) => ({ key: s.key, retentionMs: s.retentionMs })), amountNanousd: 0n, expiresAtMs: now };
    if (scopes.length > 0) {
      // A refused request gives back the rate-limit units it consumed (best effort).
      const refund = () => (unchecked || rules.length === 0 ? undefined : deps.limits.adjust(rules.map((x) => ({ ...x, delta: -x.cost })), now).catch(() => {}));
      const r = await deps.budgets.reserve({ id, scopes, amountNanousd: cost, ttlMs }, now).catch(async (err: unknown) => {
        try {
          return storeFailed('budget.reserve', err);
        } catch (closed) {
          await refund();
          throw closed;
        }
      });
      if (!r) unchecked = true;
      else if (!r.ok) {
        results.inc({ result: 'budget_exceeded' });
        await refund();
        throw budgetExceeded(r.scope, r.spentNanousd, r.reservedNanousd);
      } else reservation = r.reservation;
    }
    if (!unchecked) failing = false;
    results.inc({ result: unchecked ? 'unchecked' : 'admitted' });
    const tokenRules = rules.filter((r) => r.unit === 'tokens');
    return { identity, tokenEstimate, costEstimateNanousd: cost, headers, unchecked, tokenRules, reservation, settled: false };
  }

  /**
   * Charges what the request really used: corrects the token limits from the estimate to the actual count and
   * settles the budget reservation with the actual cost (streams included). Call once, when the response or
   * stream ended (also on errors and cancellations). Never throws: a store failure is logged and counted.
   */
  async function settle(ticket: Admitted, usage: ActualUsage): Promise<void> {
    if (ticket.settled) return;
    ticket.settled = true;
    const now = deps.now();
    const delta = usage.tokensIn + usage.tokensOut - ticket.tokenEstimate;
    const cost = usage.costNanousd > 0n ? usage.costNanousd : 0n;
    const work: Promise<void>[] = [];
    if (delta !== 0 && ticket.tokenRules.length > 0) {
      work.push(deps.limits.adjust(ticket.tokenRules.map((r) => ({ ...r, delta })), now).catch((err: unknown) => recordFailure('rate.adjust', err)));
    }
    if (ticket.reservation.scopes.length > 0) {
      work.push(deps.budgets.settle(ticket.reservation, cost).catch((err: unknown) => recordFailure('budget.settle', err)));
    }
    await Promise.all(work);
  }

  function recordFailure(op: string, err: unknown): void {
    unavailable.inc({ op, policy: deps.policy });
    deps.logger?.warn('limits store unavailable; usage not recorded', { op, err });
  }

  return { admit, settle };
}

export type Admission = ReturnType<typeof createAdmission>;

function limitSet(l: ProjectLimits): LimitSet {
  return {
    requestsPerMinute: l.rpm,
    requestsPerDay: l.requestsPerDay,
    tokensPerMinute: l.tpm,
    dailyBudgetNanousd: usd(l.dailyBudgetUsd),
    monthlyBudgetNanousd: usd(l.monthlyBudgetUsd),
  };
}

function usd(v: number | undefined): bigint | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? usdToNanousd(v) : undefined;
}

function rateLimited(states: RuleState[], deniedKey: string, retryAfterMs: number): GatewayError {
  const s = states.find((x) => x.key === deniedKey)!;
  const what = `${s.unit} per ${deniedKey.endsWith(':rpd') ? 'day' : 'minute'}`;
  const owner = deniedKey.includes(':project:') ? 'project' : 'key';
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const headers = { ...rateLimitHeaders(states), 'retry-after': String(seconds), 'retry-after-ms': String(retryAfterMs) };
  return new GatewayError('rate_limited', `Rate limit reached for ${what} on this ${owner}: limit ${s.limit}. Please try again in ${seconds}s.`, { headers });
}

function budgetExceeded(scope: BudgetScope, spent: bigint, reserved: bigint): GatewayError {
  const dollars = (n: bigint) => `$${(Number(n) / 1e9).toFixed(4)}`;
  return new GatewayError(
    'budget_exceeded',
    `The ${scope.label} budget of ${dollars(scope.limitNanousd)} is used up (${dollars(spent)} spent, ${dollars(reserved)} reserved by requests in flight).`,
  );
}
