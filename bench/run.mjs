#!/usr/bin/env node
// Tollgate's benchmark: the shared harness (../shared/bench/run.mjs: mock upstream, fixed-rate load, wrk
// saturation, gateway CPU and RSS from /proc) against Portkey (the peer) and Tollgate, in the same run, plus cache
// hits measured apart. Writes bench/RESULTS.md and the raw JSON under bench/out/.
//
//   node bench/run.mjs                         # peer + all-in-one + distributed (about 25 min)
//   TARGETS=all-in-one REPS=1 node bench/run.mjs   # quicker look
//
// Env: TARGETS (portkey,all-in-one,distributed), PREWARM_S (below), GATEWAY_ENV, SHARED_BENCH (../shared/bench), and every knob
// of the shared run.mjs (REPS, RATES, MODES, DURATION, ...). Needs wrk (apt-get install -y wrk). Loopback only.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gatewayEnv, settledEventCount, startAllInOne, startDistributed, startMock } from './gateways.mjs';
import { measureCacheHits } from './cache-hits.mjs';
import { renderResults } from './report.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const SHARED = path.resolve(process.env.SHARED_BENCH ?? path.join(ROOT, '../shared/bench'));
const OUT = path.join(ROOT, 'bench/out');
const TARGETS = (process.env.TARGETS ?? 'portkey,all-in-one,distributed').split(',');
fs.mkdirSync(OUT, { recursive: true });

// Every gateway (the peer too) first takes PREWARM_S seconds (default 20; 0 skips) of 1000 req/s, half JSON and
// half streamed, unmeasured: the harness's fixed-rate runs then see the JIT-compiled steady state a long-running
// gateway serves, not its first seconds (a fresh all-in-one's first 1000 req/s run had a p99 of +8.8 ms in
// session 5). PREWARM_S=0 measures a cold start.
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const PREWARM_S = Number(process.env.PREWARM_S ?? 20);
async function warmUp(target, headers) {
  if (!PREWARM_S) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-warm-'));
  // The harness starts its own mock upstream; the warm-up needs one too, on the same port, gone before the harness.
  const mock = await startMock(SHARED);
  try {
    const messages = [{ role: 'system', content: 'You are a concise assistant.' }, { role: 'user', content: 'Warm up.' }];
    for (const stream of [false, true]) {
      const file = path.join(dir, 'body.json');
      fs.writeFileSync(file, JSON.stringify({ model: 'gpt-4o-mini', messages, max_tokens: 128, ...(stream ? { stream } : {}) }));
      const out = execFileSync('node', [path.join(SHARED, 'loadgen.mjs'), '--url', `${target}/chat/completions`, '--rate', '1000', '--duration', String(PREWARM_S / 2), '--warmup', '0', '--body-file', file, ...headers.flatMap((h) => ['-H', h])], { encoding: 'utf8' });
      const r = JSON.parse(out);
      console.error(`warm-up ${stream ? 'stream' : 'chat'}: ${Math.round(r.achieved_rps)} req/s, statuses ${JSON.stringify(r.statuses)}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await mock.stop();
  }
}

function harness(target, pids, headers, out) {
  const args = [path.join(SHARED, 'run.mjs'), '--target', target, '--target-pid', pids.join(','), '--out', out, ...headers.flatMap((h) => ['-H', h])];
  console.error(`\n$ node ${args.join(' ').replace(/Bearer \S+/, 'Bearer <key>')}`);
  return execFileSync('node', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
}

async function benchPortkey() {
  const port = 8787;
  console.error(execFileSync('bash', [path.join(SHARED, 'peer-portkey.sh'), String(port)], { encoding: 'utf8' }));
  const pid = Number(fs.readFileSync('/tmp/portkey-peer/gateway.pid', 'utf8'));
  try {
    const out = path.join(OUT, 'portkey.json');
    const target = `http://127.0.0.1:${port}/v1`;
    const headers = ['x-portkey-provider: openai', 'x-portkey-custom-host: http://127.0.0.1:18080/v1', 'authorization: Bearer sk-mock'];
    await warmUp(target, headers);
    const table = harness(target, [pid], headers, out);
    return { name: 'Portkey', table, json: out };
  } finally {
    process.kill(pid, 'SIGTERM');
  }
}

async function benchTollgate(name, start) {
  const gw = await start();
  try {
    const out = path.join(OUT, `${name}.json`);
    const headers = [`authorization: Bearer ${gw.key}`, 'x-tollgate-cache: bypass'];
    await warmUp(gw.url, headers);
    const before = await settledEventCount(gw); // the warm-up's events are not the run's
    const table = harness(gw.url, gw.pids, headers, out);
    const hits = await measureCacheHits(SHARED, gw);
    await sleep(3000); // let the last events reach ClickHouse
    const after = await gw.metrics();
    return { name: `Tollgate ${name}`, table, json: out, hits, eventsIngested: after.total_requests - before };
  } finally {
    await gw.stop();
  }
}

try {
  execFileSync('wrk', ['-v'], { stdio: 'ignore' }); // `wrk -v` exits 1 after printing its version
} catch (err) {
  if (err.code === 'ENOENT') throw new Error('wrk not found: apt-get install -y wrk');
}
const results = [];
// GATEWAY_ENV: extra env for the Tollgate gateways as JSON, e.g. '{"TOLLGATE_CONFIG":"/path/routes.yaml"}'.
const env = { ...gatewayEnv(), ...JSON.parse(process.env.GATEWAY_ENV ?? '{}') };
if (TARGETS.includes('portkey')) results.push(await benchPortkey());
if (TARGETS.includes('all-in-one')) results.push(await benchTollgate('all-in-one', () => startAllInOne(ROOT, env)));
if (TARGETS.includes('distributed')) results.push(await benchTollgate('distributed', () => startDistributed(ROOT, env)));
const md = renderResults(results, { date: new Date().toISOString(), cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, prewarmS: PREWARM_S });
fs.writeFileSync(path.join(ROOT, 'bench/RESULTS.md'), md);
console.log(md);
