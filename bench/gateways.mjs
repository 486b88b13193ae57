// Starts Tollgate for a benchmark or an end-to-end run: all-in-one (one process) or distributed (six services plus
// a ClickHouse HTTP front over chDB, with the machine's NATS, Redis and Postgres), then creates a project and key.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ADMIN = 'tg_admin_bench_only_key';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The shared mock upstream (../shared/bench/mock-upstream.mjs) on 127.0.0.1:18080, pinned to `cpu` when given;
 * resolves once it answers. stop() resolves once it has exited, so the port is free for the next one.
 */
export async function startMock(shared, cpu) {
  const cmd = [process.execPath, path.join(shared, 'mock-upstream.mjs')];
  const [bin, ...args] = cpu === undefined ? cmd : ['taskset', '-c', String(cpu), ...cmd];
  const p = spawn(bin, args, { env: { ...process.env, MOCK_PORT: '18080' }, stdio: 'ignore' });
  for (let i = 0; i < 50 && !(await fetch('http://127.0.0.1:18080/v1/models').then((r) => r.ok, () => false)); i++) await sleep(100);
  return {
    stop: async () => {
      if (p.exitCode !== null || p.signalCode !== null) return;
      const exited = new Promise((r) => p.once('exit', r));
      p.kill();
      await exited;
    },
  };
}

/** The gateway's stored request-event count once it stops moving and is at least `atLeast` (polled each second). */
export async function settledEventCount(gw, { atLeast = 0, maxS = 15 } = {}) {
  let last = -1;
  for (let i = 0; i < maxS; i++) {
    const n = (await gw.metrics()).total_requests;
    if (n === last && n >= atLeast) return n;
    last = n;
    await sleep(1000);
  }
  return last;
}

/**
 * The data directories gatewayEnv() made, removed when this process exits (the e2e suite, whose workers end without
 * exit handlers, calls removeDataDirs() after each file): not at a gateway's stop(), since a test may start a
 * gateway again on the same data (restart and shutdown tests).
 */
const dataDirs = [];
export function removeDataDirs() {
  for (const dir of dataDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
process.once('exit', removeDataDirs);

export function gatewayEnv(upstream = 'http://127.0.0.1:18080/v1') {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TOLLGATE_|OPENAI_|NATS_URL|REDIS_URL|DATABASE_URL|CLICKHOUSE_URL|PORT$|HOST$)/.test(k)));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-'));
  dataDirs.push(dataDir);
  return { ...clean, TOLLGATE_ADMIN_KEY: ADMIN, OPENAI_API_KEY: 'sk-mock', OPENAI_BASE_URL: upstream, LOG_LEVEL: 'warn', TOLLGATE_DATA_DIR: dataDir };
}

/** GATEWAY_NODE_FLAGS: extra node/V8 flags for every gateway process (space-separated), for A/B runs of GC settings. */
const NODE_FLAGS = (process.env.GATEWAY_NODE_FLAGS ?? '').split(' ').filter(Boolean);
/**
 * Each gateway process writes its whole output to <dir>/<name>.log: GATEWAY_LOG_DIR when set (kept, e.g. for
 * --trace-gc), else a temporary directory removed once the process has exited (its last output is kept in memory
 * for log()). A file, not a pipe: the harness blocks in execFileSync for minutes, and a gateway writing to a full
 * pipe nobody reads would stall on the write.
 */
const LOG_DIR = process.env.GATEWAY_LOG_DIR;

function start(root, script, env, name, args = []) {
  const dir = LOG_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-log-'));
  const file = path.join(dir, `${name}.log`);
  const fd = fs.openSync(file, 'a');
  const p = spawn(process.execPath, [...NODE_FLAGS, path.join(root, script), ...args], { env, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  p.name = name;
  let last;
  p.log = () => last ?? tail(file, 20_000);
  if (!LOG_DIR) {
    p.once('exit', () => {
      last = tail(file, 20_000);
      fs.rmSync(dir, { recursive: true, force: true });
    });
  }
  p.script = script;
  p.args = args;
  p.env = env;
  return p;
}

function tail(file, bytes) {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').slice(-bytes) : '';
}

async function waitHealthy(url, procs, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const p of procs) if (p.exitCode !== null) throw new Error(`${p.name} exited (${p.exitCode}):\n${p.log()}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`${url} not healthy after ${timeoutMs} ms:\n${procs.map((p) => `--- ${p.name}\n${p.log()}`).join('\n')}`);
}

async function stopAll(procs) {
  for (const p of procs) if (p.exitCode === null) p.kill('SIGTERM');
  const deadline = Date.now() + 30_000;
  while (procs.some((p) => p.exitCode === null && p.signalCode === null) && Date.now() < deadline) await sleep(100);
  for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
}

async function withProjectKey(base, procs, extra = {}) {
  const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
  const project = await (await fetch(`${base}/api/v1/projects`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'bench' }) })).json();
  const key = await (await fetch(`${base}/api/v1/projects/${project.id}/keys`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'bench' }) })).json();
  if (!key.key) throw new Error(`could not create a key: ${JSON.stringify(key)}`);
  return {
    url: `${base}/v1`,
    base,
    key: key.key,
    projectId: project.id,
    adminKey: ADMIN,
    pids: procs.map((p) => p.pid),
    procs,
    metrics: async () => (await fetch(`${base}/v1/projects/${project.id}/metrics`, { headers: { authorization: `Bearer ${key.key}` } })).json(),
    stop: () => stopAll(procs),
    ...extra,
  };
}

export async function startAllInOne(root, env, port = 18181) {
  const p = start(root, 'services/all-in-one/src/main.ts', { ...env, PORT: String(port) }, 'all-in-one');
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(`${base}/health`, [p]);
  } catch (err) {
    await stopAll([p]);
    throw err;
  }
  return withProjectKey(base, [p]);
}

/** Where a process started by start() answers /health: its HEALTH_ADDR, else its PORT (ingress), else API_ADDR. */
const healthUrl = (p) => `http://${p.env.HEALTH_ADDR ?? (p.env.PORT ? `127.0.0.1:${p.env.PORT}` : p.env.API_ADDR)}/health`;

/**
 * Stops and starts one named service process of a distributed gateway (crash and restart tests). `procs` is
 * updated in place, so the gateway's stop() stops the current processes.
 *   kill(name, signal = 'SIGTERM'): signals it and waits until it exited (SIGKILL after 30 s)
 *   start(name, env = {}): starts it again, with the env of its first start plus `env`, and waits until healthy
 *   restart(name, env = {}): kill (SIGTERM, a graceful drain) then start
 */
function serviceControl(root, procs) {
  const find = (name) => {
    const p = procs.find((x) => x.name === name);
    if (!p?.script) throw new Error(`no restartable service named ${name}`);
    return p;
  };
  const running = (p) => p.exitCode === null && p.signalCode === null;
  const kill = async (name, signal = 'SIGTERM') => {
    const p = find(name);
    if (!running(p)) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill(signal);
    const cap = setTimeout(() => p.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(cap);
  };
  const startOne = async (name, env = {}) => {
    const old = find(name);
    if (running(old)) throw new Error(`${name} is still running (pid ${old.pid})`);
    const first = old.firstEnv ?? old.env;
    const p = start(root, old.script, { ...first, ...env }, name, old.args);
    p.firstEnv = first;
    procs[procs.indexOf(old)] = p;
    await waitHealthy(healthUrl(p), [p]);
    return p;
  };
  return {
    kill,
    start: startOne,
    restart: async (name, env = {}) => {
      await kill(name);
      return startOne(name, env);
    },
  };
}

/**
 * Ports from opts.basePort (default 18200): ingress +81, api +82, cache gRPC +83, router gRPC +84, health of cache,
 * router, ingest, alerts +91..+94, ClickHouse HTTP front +23.
 * opts.extraIngress (0..5, default 0): that many more ingress replicas (named ingress-2, ingress-3, ...) on +85, +86,
 * ..., sharing the same cache, router, api, NATS, Redis and Postgres; their public gRPC binds an ephemeral port.
 * The result's `ingressUrls` lists every replica's base URL, the first one (`base`) included.
 */
/**
 * Test and benchmark isolation on a shared NATS: durable consumer names are fixed (ingest-requests, cache-fill, ...),
 * so a backlog left by an earlier run (or a stopped benchmark) would be fed to this run's services first. Purge the
 * events stream and drop its consumers before a distributed start. Only for the loopback test NATS.
 */
async function resetEventStream(url) {
  const { connect } = await import('@nats-io/transport-node');
  const { jetstreamManager } = await import('@nats-io/jetstream');
  const nc = await connect({ servers: url });
  try {
    const jsm = await jetstreamManager(nc);
    const names = [];
    for await (const c of jsm.consumers.list('TG_EVENTS')) names.push(c.name);
    for (const n of names) await jsm.consumers.delete('TG_EVENTS', n);
    await jsm.streams.purge('TG_EVENTS');
  } catch (err) {
    if (!/stream not found/i.test(String(err?.message))) throw err;
  } finally {
    await nc.close();
  }
}

export async function startDistributed(root, env, opts = {}) {
  const b = opts.basePort ?? 18200;
  await resetEventStream(opts.natsUrl ?? 'nats://127.0.0.1:4222');
  const extra = opts.extraIngress ?? 0;
  if (!Number.isInteger(extra) || extra < 0 || extra > 5) throw new Error(`extraIngress must be 0..5, got ${extra}`);
  const ingressPorts = [b + 81, ...Array.from({ length: extra }, (_, i) => b + 85 + i)];
  const at = (o) => `127.0.0.1:${b + o}`;
  const db = opts.databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/test';
  const common = {
    ...env,
    NATS_URL: opts.natsUrl ?? 'nats://127.0.0.1:4222',
    REDIS_URL: opts.redisUrl ?? 'redis://127.0.0.1:6379',
    DATABASE_URL: db,
    CLICKHOUSE_URL: `http://${at(23)}`,
    API_ADDR: at(82),
    CACHE_ADDR: at(83),
    ROUTER_ADDR: at(84),
  };
  const dir = env.TOLLGATE_DATA_DIR;
  const chdb = start(root, 'tools/chdb-server/main.ts', process.env, 'chdb-server', ['--port', String(b + 23), '--path', path.join(dir, 'chdb-server')]);
  const procs = [chdb];
  try {
    await waitHealthy(`http://${at(23)}/ping`, procs);
    const api = start(root, 'services/api/src/main.ts', common, 'api');
    const ingest = start(root, 'services/ingest/src/main.ts', { ...common, HEALTH_ADDR: at(93) }, 'ingest');
    procs.push(api, ingest);
    await waitHealthy(`http://${at(82)}/health`, procs);
    await waitHealthy(`http://${at(93)}/health`, procs);
    const rest = [
      start(root, 'services/cache/src/main.ts', { ...common, HEALTH_ADDR: at(91) }, 'cache'),
      start(root, 'services/router/src/main.ts', { ...common, HEALTH_ADDR: at(92) }, 'router'),
      start(root, 'services/alerts/src/main.ts', { ...common, HEALTH_ADDR: at(94) }, 'alerts'),
      start(root, 'services/ingress/src/main.ts', { ...common, PORT: String(b + 81) }, 'ingress'),
      ...ingressPorts.slice(1).map((port, i) => start(root, 'services/ingress/src/main.ts', { ...common, PORT: String(port), GATEWAY_GRPC_ADDR: '127.0.0.1:0' }, `ingress-${i + 2}`)),
    ];
    procs.push(...rest);
    for (const o of [91, 92, 94]) await waitHealthy(`http://${at(o)}/health`, procs);
    for (const port of ingressPorts) await waitHealthy(`http://127.0.0.1:${port}/health`, procs);
  } catch (err) {
    await stopAll(procs);
    throw err;
  }
  return withProjectKey(`http://${at(81)}`, procs, { ...serviceControl(root, procs), ingressUrls: ingressPorts.map((port) => `http://127.0.0.1:${port}`) });
}
