// Drives the running gateway's SDK event endpoints (issue 5) with both SDKs: @tollgate/sdk in this process and the
// Python SDK (sdks/python) in a child python3, against the all-in-one gateway and the mock upstream.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { type DeliveryFailure, error, promptCall, Tollgate, TollgateError, toolCall } from '@tollgate/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM helper shared with bench/
import { gatewayEnv, startAllInOne } from '../bench/gateways.mjs';
import { startUpstream, type Upstream } from './upstream.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

interface Gw {
  url: string;
  base: string;
  key: string;
  projectId: string;
  stop(): Promise<void>;
}

describe('SDK events against the gateway (all-in-one)', () => {
  let upstream: Upstream;
  let gw: Gw;
  const failures: DeliveryFailure[] = [];
  const sdk = (opts: Partial<ConstructorParameters<typeof Tollgate>[0]> = {}) =>
    new Tollgate({ apiKey: gw.key, baseUrl: gw.url, projectId: gw.projectId, flushIntervalMs: 0, flushOnExit: false, maxRetries: 1, onError: (f) => failures.push(f), ...opts });

  beforeAll(async () => {
    upstream = await startUpstream(19082);
    gw = await startAllInOne(ROOT, gatewayEnv(upstream.url), 19183);
  });
  afterAll(async () => {
    await gw?.stop();
    await upstream?.stop();
  });

  it('accepts buffered events of every type and reports the one the gateway rejected, naming its field', async () => {
    failures.length = 0;
    const c = sdk({ maxBatch: 50 });
    c.log(promptCall({ model: 'gpt-4o-mini', prompt: 'hi', response: 'hello', tokens_input: 3, tokens_output: 5, cost_estimate_usd: 0.0001, latency_ms: 120, run_id: 'run-1' }));
    c.log(toolCall({ tool_name: 'search', tool_input: { q: 'tollgate' }, tool_output: ['a'], run_id: 'run-1' }));
    c.log({ event_type: 'agent_step', step: 1, run_id: 'run-1', my_field: 'kept in metadata' });
    c.log(error(new Error('tool timed out'), { run_id: 'run-1' }));
    c.log({ event_type: 'checkout', user_id: 'u1', metadata: { cart: 3 } });
    const bad = c.log({ event_type: 'prompt_call', model: 'gpt-4o-mini', tokens_input: -1 });
    await c.close();
    expect(c.stats()).toMatchObject({ sent: 5, rejected: 1, failed: 0, dropped: 0 });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ kind: 'rejected', status: 207 });
    expect(failures[0].items).toMatchObject([{ event: bad, field: 'tokens_input' }]);
  });

  it('sends one event at once, and throws the gateway 400 naming the field', async () => {
    const c = sdk();
    const ev = await c.logEvent(promptCall({ model: 'gpt-4o-mini', tokens_input: 1, tokens_output: 1 }));
    expect(ev.event_id).toMatch(/^[0-9a-f-]{36}$/);
    const err = await c.logEvent({ event_type: 'tool_call' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TollgateError);
    expect(err).toMatchObject({ status: 400, param: 'tool_name' });
    await c.close();
  });

  it('counts a repeated event_id once', async () => {
    const c = sdk();
    const ev = { event_type: 'custom_dup', event_id: crypto.randomUUID(), timestamp: new Date().toISOString() };
    expect(await c.logBatch([ev, ev])).toMatchObject({ accepted: 1, duplicates: 1, rejected: [] });
    await c.close();
  });

  it('refuses another project and an unknown key, without retrying', async () => {
    const other = sdk({ projectId: '00000000-0000-0000-0000-000000000000' });
    await expect(other.logEvent({ event_type: 'custom' })).rejects.toMatchObject({ status: 403 });
    failures.length = 0;
    const wrong = sdk({ apiKey: 'tg_not_a_real_key' });
    wrong.log({ event_type: 'custom' });
    await wrong.close();
    expect(failures).toMatchObject([{ kind: 'failed', status: 401 }]);
    await other.close();
  });

  it('reads the project metrics', async () => {
    const m = await sdk().metrics();
    expect(m).toMatchObject({ total_requests: expect.any(Number), error_rate: expect.any(Number), total_tokens: expect.any(Number), total_cost_usd: expect.any(Number) });
    expect(Array.isArray(m.top_models)).toBe(true);
  });

  it('works from the Python SDK', async () => {
    const script = `
import json, sys, tollgate
failures = []
t = tollgate.Tollgate(sys.argv[1], sys.argv[2], sys.argv[3], flush_interval=0, flush_at_exit=False, on_error=failures.append)
t.log(tollgate.prompt_call("gpt-4o-mini", prompt="hi", tokens_input=2, tokens_output=3, latency_ms=50))
t.log(tollgate.tool_call("search", tool_input={"q": "x"}))
t.log({"event_type": "prompt_call", "model": "gpt-4o-mini", "tokens_input": -1})
t.close()
single = t.log_event(tollgate.agent_step(step=2, run_id="py"))
try:
    t.log_event({"event_type": "error"})
    raised = None
except tollgate.TollgateError as e:
    raised = [e.status, e.param]
print(json.dumps({"stats": t.stats(), "failures": [[f.kind, f.status, [i.field for i in f.items]] for f in failures],
                  "single": single["event_id"], "raised": raised, "metrics": sorted(t.metrics())}))`;
    const child = spawn('python3', ['-c', script, gw.key, gw.url, gw.projectId], { env: { ...process.env, PYTHONPATH: path.join(ROOT, 'sdks/python'), PYTHONDONTWRITEBYTECODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((r) => child.on('close', r));
    expect(err).toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.stats).toMatchObject({ sent: 2, rejected: 1, failed: 0, dropped: 0 });
    expect(r.failures).toEqual([['rejected', 207, ['tokens_input']]]);
    expect(r.single).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.raised).toEqual([400, 'error_message']);
    expect(r.metrics).toEqual(expect.arrayContaining(['error_rate', 'top_models', 'total_cost_usd', 'total_requests', 'total_tokens']));
  });
});
