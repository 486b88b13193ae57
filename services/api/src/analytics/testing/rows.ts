// Deterministic `requests` rows for the analytics tests and nothing else: a seeded generator, so a failure
// reproduces. Shapes follow services/ingest's RequestRow (hits carry no tokens and no cost, as ingress records).

import { addDays } from '../range.ts';

export interface RawRow {
  event_id: string;
  request_id: string;
  project_id: string;
  key_id: string;
  occurred_at: string;
  endpoint: string;
  model_requested: string;
  model_served: string;
  provider: string;
  status: number;
  error_class: string;
  error_message: string;
  tokens_in: number;
  tokens_out: number;
  cost_nanousd: string;
  latency_ms: number;
  ttft_ms: number;
  cache_status: string;
  streaming: boolean;
  attempts: number;
  attempts_json: string;
}

const MODELS = [
  ['gpt-4o-mini', 'gpt-4o-mini-2024-07-18', 'openai'],
  ['gpt-4o', 'gpt-4o', 'openai'],
  ['llama-3.1-8b-instant', '', 'groq'],
] as const;
const FAILURES = [
  [429, 'rate_limited'],
  [502, 'upstream'],
  [504, 'timeout'],
  [400, 'bad_request'],
] as const;

/** A small linear congruential generator: the same seed, the same rows. */
export function seeded(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

/** `count` rows for one project spread over `days` days from `firstDay`; key ids are picked from `keys`. */
export function generateRows(opts: { projectId: string; keys: string[]; firstDay: string; days: number; count: number; seed: number; tag: string }): RawRow[] {
  const rnd = seeded(opts.seed);
  return Array.from({ length: opts.count }, (_, i) => {
    const [requested, served, provider] = MODELS[rnd(MODELS.length)];
    const failed = rnd(5) === 0 ? FAILURES[rnd(FAILURES.length)] : undefined;
    const cache = failed ? 'miss' : (['hit', 'miss', 'miss', 'bypass'] as const)[rnd(4)];
    const streaming = rnd(2) === 0;
    const hit = cache === 'hit';
    const tokensIn = hit ? 0 : 10 + rnd(2000);
    const tokensOut = hit || failed ? 0 : 1 + rnd(800);
    const latency = hit ? 1 + rnd(5) : 50 + rnd(3000);
    const day = addDays(opts.firstDay, rnd(opts.days));
    const time = `${String(rnd(24)).padStart(2, '0')}:${String(rnd(60)).padStart(2, '0')}:${String(rnd(60)).padStart(2, '0')}.${String(rnd(1000)).padStart(3, '0')}`;
    return {
      event_id: `${opts.tag}-${i}`,
      request_id: `req-${opts.tag}-${i}`,
      project_id: opts.projectId,
      key_id: opts.keys[rnd(opts.keys.length)],
      occurred_at: `${day} ${time}`,
      endpoint: rnd(4) === 0 ? '/v1/embeddings' : '/v1/chat/completions',
      model_requested: requested,
      model_served: failed ? '' : served,
      provider: failed?.[1] === 'bad_request' ? '' : provider,
      status: failed ? failed[0] : 200,
      error_class: failed ? failed[1] : 'none',
      error_message: failed ? 'failed' : '',
      tokens_in: tokensIn,
      tokens_out: tokensOut,
      cost_nanousd: String(hit || failed ? 0 : tokensIn * 150 + tokensOut * 600 + rnd(1000)),
      latency_ms: latency,
      ttft_ms: streaming && !failed ? Math.min(latency, 20 + rnd(400)) : 0,
      cache_status: cache,
      streaming,
      attempts: 1,
      attempts_json: '[]',
    };
  });
}
