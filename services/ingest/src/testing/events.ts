// Test and benchmark fixtures: realistic RequestCompleted events, encoded as the gateway publishes them.
import { create } from '@bufbuild/protobuf';
import type { Delivery } from '@tollgate/bus';
import { encodeEvent, subjects, uuidv7 } from '@tollgate/events';
import { CacheStatus, ErrorClass, RequestCompletedSchema } from '@tollgate/proto/events';

export interface FixtureEvent {
  id: string;
  subject: string;
  bytes: Uint8Array;
  projectId: string;
  model: string;
  status: number;
  tokensIn: number;
  tokensOut: number;
  costNanousd: bigint;
  cacheHit: boolean;
}

/** Event number i of a deterministic mix: 3 projects, 4 models, every 7th an error, every 5th a cache hit. */
export function fixtureEvent(i: number, nowMs: number, projectPrefix = 'proj'): FixtureEvent {
  const projectId = `${projectPrefix}-${i % 3}`;
  const model = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4', 'llama-3.1-8b'][i % 4];
  const status = i % 7 === 0 ? 502 : 200;
  const cacheHit = i % 5 === 0 && status === 200;
  const tokensIn = 100 + (i % 50);
  const tokensOut = status === 200 ? 20 + (i % 30) : 0;
  const costNanousd = cacheHit ? 0n : BigInt(tokensIn * 2500 + tokensOut * 10000);
  const payload = create(RequestCompletedSchema, {
    requestId: `req-${i}`,
    projectId,
    keyId: `key-${i % 2}`,
    endpoint: '/v1/chat/completions',
    modelRequested: model,
    modelServed: i % 2 ? model : '',
    provider: model.startsWith('claude') ? 'anthropic' : 'openai',
    status,
    errorClass: status === 200 ? ErrorClass.NONE : ErrorClass.UPSTREAM,
    errorMessage: status === 200 ? '' : 'bad gateway',
    tokensIn,
    tokensOut,
    costNanousd,
    latencyMs: 200 + i,
    ttftMs: 50,
    cacheStatus: cacheHit ? CacheStatus.HIT : CacheStatus.MISS,
    streaming: i % 3 === 0,
  });
  const t = nowMs + i;
  const { id, bytes } = encodeEvent(RequestCompletedSchema, payload, { projectId, nowMs: t, id: uuidv7(t) });
  return { id, subject: subjects.requestCompleted(projectId), bytes, projectId, model, status, tokensIn, tokensOut, costNanousd, cacheHit };
}

/** A delivery as a bus hands it over; `termed` records term() calls. */
export function fixtureDelivery(e: { id: string; subject: string; bytes: Uint8Array }, termed: string[] = []): Delivery {
  return { id: e.id, subject: e.subject, data: e.bytes, headers: {}, deliveryCount: 1, term: (reason) => termed.push(`${e.id}: ${reason}`) };
}

export interface RollupTotals {
  requests: number;
  errors: number;
  tokens_in: number;
  tokens_out: number;
  cost_nanousd: bigint;
  cache_hits: number;
}

/** What daily_metrics must hold for these events, keyed `project|model`: the rollup computed independently. */
export function expectedRollup(events: FixtureEvent[]): Map<string, RollupTotals> {
  const out = new Map<string, RollupTotals>();
  for (const e of events) {
    const key = `${e.projectId}|${e.model}`;
    const m = out.get(key) ?? { requests: 0, errors: 0, tokens_in: 0, tokens_out: 0, cost_nanousd: 0n, cache_hits: 0 };
    m.requests++;
    m.errors += e.status >= 400 ? 1 : 0;
    m.tokens_in += e.tokensIn;
    m.tokens_out += e.tokensOut;
    m.cost_nanousd += e.costNanousd;
    m.cache_hits += e.cacheHit ? 1 : 0;
    out.set(key, m);
  }
  return out;
}
