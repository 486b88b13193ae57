#!/usr/bin/env node
// Tollgate's benchmark: the shared harness (../shared/bench/run.mjs: mock upstream, fixed-rate load, wrk
// saturation, gateway CPU and RSS from /proc) against Portkey (the peer) and Tollgate, in the same run, plus cache
// hits measured apart. Writes bench/RESULTS.md and the raw JSON under bench/out/.
//
//   node bench/run.mjs                         # peer + all-in-one + distributed (about 25 min)
//   TARGETS=all-in-one REPS=1 node bench/run.mjs   # quicker look
//
// Env: TARGETS (portkey,all-in-one,distributed), SHARED_BENCH (../shared/bench), and every knob of the shared
// run.mjs (REPS, RATES, MODES, DURATION, ...). Needs wrk (apt-get install -y wrk). Loopback only.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gatewayEnv, startAllInOne, startDistributed } from './gateways.mjs';
import { measureCacheHits } from './cache-hits.mjs';
import { renderResults } from './report.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const SHARED = path.resolve(process.env.SHARED_BENCH ?? path.join(ROOT, '../shared/bench'));
const OUT = path.join(ROOT, 'bench/out');
const TARGETS = (process.env.TARGETS ?? 'portkey,all-in-one,distributed').split(',');
fs.mkdirSync(OUT, { recursive: true });

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
    const table = harness(`http://127.0.0.1:${port}/v1`, [pid], ['x-portkey-provider: openai', 'x-portkey-custom-host: http://127.0.0.1:18080/v1', 'authorization: Bearer sk-mock'], out);
    return { name: 'Portkey', table, json: out };
  } finally {
    process.kill(pid, 'SIGTERM');
  }
}

async function benchTollgate(name, start) {
  const gw = await start();
  try {
    const out = path.join(OUT, `${name}.json`);
    const before = await gw.metrics();
    const table = harness(gw.url, gw.pids, [`authorization: Bearer ${gw.key}`, 'x-tollgate-cache: bypass'], out);
    const hits = await measureCacheHits(SHARED, gw);
    await new Promise((r) => setTimeout(r, 3000)); // let the last events reach ClickHouse
    const after = await gw.metrics();
    return { name: `Tollgate ${name}`, table, json: out, hits, eventsIngested: after.total_requests - before.total_requests };
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
const env = gatewayEnv();
if (TARGETS.includes('portkey')) results.push(await benchPortkey());
if (TARGETS.includes('all-in-one')) results.push(await benchTollgate('all-in-one', () => startAllInOne(ROOT, env)));
if (TARGETS.includes('distributed')) results.push(await benchTollgate('distributed', () => startDistributed(ROOT, env)));
const md = renderResults(results, { date: new Date().toISOString(), cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version });
fs.writeFileSync(path.join(ROOT, 'bench/RESULTS.md'), md);
console.log(md);
