// SIGTERM drains, against real processes: what Kubernetes does to a pod (preStop sleep, SIGTERM, then SIGKILL after
// terminationGracePeriodSeconds). In-flight requests finish with their full bodies, new connections are refused or
// told "draining", the events of finished requests reach ClickHouse, and every process exits within
// TOLLGATE_SHUTDOWN_GRACE_MS, which the chart sets from the same value it derives the pod's grace period from.
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM helper shared with bench/
import { gatewayEnv, startAllInOne, startDistributed } from '../bench/gateways.mjs';
import { byKind, find, parseStream, template } from '../deploy/tests/manifests.ts';
import { SHARED_BENCH } from './upstream.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
// mock-upstream.mjs answers its word list over 20 chunks; CHUNK_DELAY_MS apart makes a stream last ~2 s.
const WORDS = 'Hello! This is a deterministic mock completion used to measure gateway overhead without a real model behind it .'.split(' ');
const MOCK_TEXT = Array.from({ length: 20 }, (_, i) => WORDS[i % WORDS.length]).join(' ');
const CHUNK_DELAY_MS = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Proc = ChildProcess & { name: string; log(): string };
interface Gw {
  base: string;
  key: string;
  projectId: string;
  adminKey: string;
  procs: Proc[];
  stop(): Promise<void>;
}

// The chart, rendered with its defaults: the one source of the grace values.
const chart = (() => {
  const docs = parseStream(template({}));
  const graceMs = Number(find(docs, 'ConfigMap', 'tollgate-config')!.data!.TOLLGATE_SHUTDOWN_GRACE_MS);
  const pod = byKind(docs, 'Deployment')[0].spec.template.spec;
  return { graceMs, terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds as number, preStopSeconds: pod.containers[0].lifecycle.preStop.sleep.seconds as number };
})();

async function startMockUpstream(port: number): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [path.join(SHARED_BENCH, 'mock-upstream.mjs')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', MOCK_CHUNK_DELAY_MS: String(CHUNK_DELAY_MS) },
    stdio: 'ignore',
  });
  for (let i = 0; i < 100 && !(await fetch(`http://127.0.0.1:${port}/__stats`).then((r) => r.ok, () => false)); i++) await sleep(50);
  return { url: `http://127.0.0.1:${port}/v1`, stop: () => void child.kill('SIGTERM') };
}

/** Sends SIGTERM and resolves with the exit code and how long the process took to exit (killed at capMs). */
function terminate(p: Proc, capMs = 30_000): Promise<{ code: number | null; ms: number }> {
  const t0 = performance.now();
  const exited = new Promise<{ code: number | null; ms: number }>((resolve) => {
    const cap = setTimeout(() => p.kill('SIGKILL'), capMs);
    p.once('exit', (code) => {
      clearTimeout(cap);
      resolve({ code, ms: Math.round(performance.now() - t0) });
    });
  });
  p.kill('SIGTERM');
  return exited;
}

const chat = (gw: Gw, model: string, stream: boolean, content: string) =>
  fetch(`${gw.base}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gw.key}`, 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify({ model, stream, messages: [{ role: 'user', content }] }),
  });

/** Starts a stream and resolves once its first chunk arrived, with a promise of the whole text it carried. */
async function startStream(gw: Gw, content: string): Promise<{ status: number; rest: Promise<{ text: string; done: boolean }> }> {
  const res = await chat(gw, 'gpt-4o-mini', true, content);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let raw = decoder.decode((await reader.read()).value);
  const rest = (async () => {
    for (let r = await reader.read(); !r.done; r = await reader.read()) raw += decoder.decode(r.value, { stream: true });
    const data = raw.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
    const text = data.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d).choices[0]?.delta?.content ?? '').join('');
    return { text, done: data.at(-1) === '[DONE]' };
  })();
  return { status: res.status, rest };
}

/** GET on a fresh connection (no pooled keep-alive socket): the status, or the connection error's code. */
const freshGet = (url: string) =>
  new Promise<number | string>((resolve) => {
    http.get(url, { agent: false }, (res) => resolve(res.resume().statusCode!)).on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });

const metricsOf = async (base: string, gw: Gw) =>
  (await (await fetch(`${base}/v1/projects/${gw.projectId}/metrics`, { headers: { authorization: `Bearer ${gw.adminKey}` } })).json()) as { total_requests: number };

it("the chart's terminationGracePeriodSeconds exceeds preStop sleep plus TOLLGATE_SHUTDOWN_GRACE_MS", () => {
  expect(chart.graceMs).toBeGreaterThan(0);
  expect(chart.terminationGracePeriodSeconds * 1000).toBeGreaterThan(chart.preStopSeconds * 1000 + chart.graceMs);
});

describe('all-in-one SIGTERM', () => {
  let upstream: { url: string; stop(): void };
  let env: Record<string, string>;
  let gw: Gw | undefined;
  beforeAll(async () => {
    upstream = await startMockUpstream(19370);
    env = { ...gatewayEnv(upstream.url), TOLLGATE_SHUTDOWN_GRACE_MS: String(chart.graceMs), TOLLGATE_INGEST_FLUSH_MS: '100' };
  });
  afterAll(async () => {
    await gw?.stop();
    upstream?.stop();
  });

  it('finishes a stream and a JSON request in flight, refuses new work, records both, exits 0 within the grace', async () => {
    const first: Gw = await startAllInOne(ROOT, env, 19371);
    gw = first;
    const stream = await startStream(first, 'drain me, streamed');
    const json = chat(first, 'gpt-4o-mini-slow-1500', false, 'drain me, json');
    await sleep(300);
    const exit = terminate(first.procs[0]);
    await sleep(100);
    // New connections: refused (the listener is closed) or told the process is draining.
    const health = await freshGet(`${first.base}/health`);
    expect([503, 'ECONNREFUSED']).toContain(health);
    expect(stream.status).toBe(200);
    expect(await stream.rest).toEqual({ text: MOCK_TEXT, done: true });
    const res = await json;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0].message.content).toBe(MOCK_TEXT);
    const { code, ms } = await exit;
    console.info(`all-in-one drained 2 in-flight requests (new /health: ${health}) and exited ${code} in ${ms} ms (grace ${chart.graceMs} ms)`);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(chart.graceMs);

    // Restarted on the same data dir, with a short grace for the next test: both requests are in ClickHouse.
    const second: Gw = await startAllInOne(ROOT, { ...env, TOLLGATE_SHUTDOWN_GRACE_MS: '2000' }, 19372);
    gw = second;
    expect((await metricsOf(second.base, first)).total_requests).toBe(2);
  });

  it('does not outlive the grace for a request that is still running', async () => {
    const g = gw!;
    const hung = chat(g, 'gpt-4o-mini-slow-20000', false, 'never finishes').catch((err: unknown) => err);
    await sleep(300);
    const { code, ms } = await terminate(g.procs[0]);
    console.info(`all-in-one with a request past the grace exited ${code} in ${ms} ms (grace 2000 ms)`);
    expect(ms).toBeLessThan(2000 + 1000);
    expect(await hung).toBeInstanceOf(Error); // the client sees the connection cut, not a hang
  });
});

describe('distributed SIGTERM', () => {
  const GRACE_MS = 3000;
  let upstream: { url: string; stop(): void };
  let gw: Gw;
  const proc = (name: string) => gw.procs.find((p) => p.name === name)!;
  beforeAll(async () => {
    upstream = await startMockUpstream(19380);
    gw = await startDistributed(ROOT, { ...gatewayEnv(upstream.url), TOLLGATE_SHUTDOWN_GRACE_MS: String(GRACE_MS), TOLLGATE_INGEST_FLUSH_MS: '100' }, { basePort: 19300 });
  });
  afterAll(async () => {
    await gw?.stop();
    upstream?.stop();
  });

  it('answers /livez on every probed port (ingress, api, the health port of the others)', async () => {
    for (const port of [19381, 19382, 19391, 19392, 19393, 19394]) expect(await freshGet(`http://127.0.0.1:${port}/livez`), `port ${port}`).toBe(200);
  });

  it('ingress finishes a stream in flight, publishes its event, cuts what outlives the grace, exits 0', async () => {
    const hung = chat(gw, 'gpt-4o-mini-slow-20000', false, 'never finishes').catch((err: unknown) => err);
    const stream = await startStream(gw, 'drain me through ingress');
    await sleep(300);
    const exit = terminate(proc('ingress'));
    expect(await stream.rest).toEqual({ text: MOCK_TEXT, done: true });
    const { code, ms } = await exit;
    console.info(`ingress drained a stream, cut a hung request and exited ${code} in ${ms} ms (grace ${GRACE_MS} ms)`);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(GRACE_MS + 1000);
    expect(await hung).toBeInstanceOf(Error);
    // Published to JetStream before exit: ingest (still running) writes it to ClickHouse, api counts it.
    const deadline = Date.now() + 10_000;
    let total = 0;
    while (Date.now() < deadline && (total = (await metricsOf('http://127.0.0.1:19382', gw)).total_requests) < 1) await sleep(200);
    expect(total).toBe(1);
  });

  it('router and cache exit 0 on SIGTERM when idle', async () => {
    for (const name of ['router', 'cache']) {
      const { code, ms } = await terminate(proc(name));
      console.info(`${name} idle exit ${code} in ${ms} ms`);
      expect(code, name).toBe(0);
      expect(ms, name).toBeLessThan(GRACE_MS);
    }
  });
});
