#!/usr/bin/env node
// A quick look between full benchmark runs (which take 20-30 min): starts the mock upstream (CPU 0) and an
// all-in-one gateway (every thread on CPU 1), sends fixed-rate load (../shared/bench/loadgen.mjs), optionally a wrk
// saturation run, and prints latency, gateway CPU and its busiest threads. Loopback only, bounded in time.
// Single runs on a shared host are noisy: compare variants by alternating them (A B A B), never across hours.
//
//   node bench/probe.mjs                                  # 1000 req/s twice (the first run warms the JIT)
//   RATES=200,1000 SAT=1 MODE=stream node bench/probe.mjs
//   ROOT=/tmp/base node bench/probe.mjs                   # another checkout (git worktree) for an A/B
//   EXTRA_ENV='{"TOLLGATE_HELPER_THREAD_NICE":"0"}' node bench/probe.mjs
//   IDLE=12 SAT=1 node bench/probe.mjs                    # idle 12 s before saturating, as the full run does
//   SAT=1 AFTER=1000 node bench/probe.mjs                 # fixed rate again right after saturation (backlog)
//   GATEWAY_NODE_FLAGS='--max-semi-space-size=8' node bench/probe.mjs   # other V8 flags (see gateways.mjs)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gatewayEnv, startAllInOne, startMock } from './gateways.mjs';

const ROOT = path.resolve(process.env.ROOT ?? path.join(import.meta.dirname, '..'));
const SHARED = path.resolve(process.env.SHARED_BENCH ?? path.join(import.meta.dirname, '../../shared/bench'));
const MODE = process.env.MODE ?? 'chat';
const RATES = (process.env.RATES ?? '1000,1000').split(',');
const DURATION = process.env.DURATION ?? '10';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const mock = await startMock(SHARED, 0);
const gw = await startAllInOne(ROOT, { ...gatewayEnv(), ...JSON.parse(process.env.EXTRA_ENV ?? '{}') });
const pid = gw.pids[0];
execFileSync('taskset', ['-a', '-p', '-c', '1', String(pid)], { stdio: 'ignore' });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-probe-'));
const bodyFile = path.join(dir, 'body.json');
const messages = [
  { role: 'system', content: 'You are a concise assistant.' },
  { role: 'user', content: 'Summarise in two sentences why teams put an AI gateway in front of model providers.' },
];
fs.writeFileSync(bodyFile, JSON.stringify({ model: 'gpt-4o-mini', messages, temperature: 0.2, max_tokens: 128, ...(MODE === 'stream' ? { stream: true } : {}) }));
const auth = [`authorization: Bearer ${gw.key}`, 'x-tollgate-cache: bypass'];
const cpuMs = (file) => {
  const f = fs.readFileSync(file, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * (1000 / 100); // utime + stime, in clock ticks of 10 ms
};
const f2 = (x) => x.toFixed(2);

function fixedRate(rates) {
  for (const rate of rates) {
    const c0 = cpuMs(`/proc/${pid}/stat`);
    const out = execFileSync('taskset', ['-c', '0', process.execPath, path.join(SHARED, 'loadgen.mjs'), '--url', `${gw.url}/chat/completions`, '--rate', rate, '--duration', DURATION, '--warmup', '2', '--body-file', bodyFile, ...auth.flatMap((h) => ['-H', h])], { encoding: 'utf8' });
    const j = JSON.parse(out);
    const cpu = (cpuMs(`/proc/${pid}/stat`) - c0) / ((Number(DURATION) + 2) * 10);
    console.log(`${MODE} @${rate}: achieved ${Math.round(j.achieved_rps)} p50 ${f2(j.latency.p50)} p90 ${f2(j.latency.p90)} p99 ${f2(j.latency.p99)} max ${f2(j.latency.max)} ms; gateway cpu ${cpu.toFixed(0)}%${j.overloaded ? ' OVERLOADED' : ''}`);
  }
}

try {
  fixedRate(RATES);
  if (process.env.IDLE) await sleep(Number(process.env.IDLE) * 1000);
  if (process.env.SAT) {
    const wrkOut = path.join(dir, 'wrk.json');
    const c0 = cpuMs(`/proc/${pid}/stat`);
    execFileSync('taskset', ['-c', '0', 'wrk', '-t1', '-c128', `-d${DURATION}s`, '-s', path.join(SHARED, 'wrk-post.lua'), `${gw.url}/chat/completions`, '-H', 'content-type: application/json', ...auth.flatMap((h) => ['-H', h])], { env: { ...process.env, WRK_BODY_FILE: bodyFile, WRK_JSON_OUT: wrkOut }, stdio: 'ignore' });
    const w = JSON.parse(fs.readFileSync(wrkOut, 'utf8'));
    const rps = (w.requests - w.errors.status) / (w.duration_us / 1e6);
    console.log(`${MODE} saturation: ${Math.round(rps)} req/s, ${Math.round(((cpuMs(`/proc/${pid}/stat`) - c0) * 1000) / (w.requests || 1))} us CPU per request, ${w.errors.status} non-2xx`);
    if (w.errors.status) console.log((await (await fetch(`${gw.base}/metrics`)).text()).split('\n').filter((l) => /^tollgate_requests_(total|shed_total)/.test(l) && !l.includes('status="200"')).join('\n'));
  }
  if (process.env.AFTER) fixedRate(process.env.AFTER.split(','));
  const threads = fs.readdirSync(`/proc/${pid}/task`).map((t) => [fs.readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8').trim(), cpuMs(`/proc/${pid}/task/${t}/stat`)]);
  const byName = new Map();
  for (const [name, ms] of threads) byName.set(name, (byName.get(name) ?? 0) + ms);
  console.log('thread CPU ms:', [...byName].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, ms]) => `${n} ${ms}`).join(', '));
  console.log('rss MB', Math.round(Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024));
} finally {
  await gw.stop();
  await mock.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
