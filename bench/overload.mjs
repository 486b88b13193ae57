#!/usr/bin/env node
// Sustained overload of an all-in-one gateway: wrk saturates it for DURATION seconds (default 20, cache bypassed),
// then this waits for ingestion to settle and compares the events stored in ClickHouse with the requests answered.
// Every answered request must be counted; shed requests (503) must not be. Loopback only, bounded in time.
//
//   node bench/overload.mjs            DURATION=30 node bench/overload.mjs
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gatewayEnv, settledEventCount, startAllInOne, startMock } from './gateways.mjs';

const ROOT = path.resolve(process.env.ROOT ?? path.join(import.meta.dirname, '..'));
const SHARED = path.resolve(process.env.SHARED_BENCH ?? path.join(import.meta.dirname, '../../shared/bench'));
const DURATION = Number(process.env.DURATION ?? 20);

const mock = await startMock(SHARED, 0);
const gw = await startAllInOne(ROOT, gatewayEnv());
execFileSync('taskset', ['-a', '-p', '-c', '1', String(gw.pids[0])], { stdio: 'ignore' });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-overload-'));
try {
  const bodyFile = path.join(dir, 'body.json');
  fs.writeFileSync(bodyFile, JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: 64 }));
  const out = path.join(dir, 'wrk.json');
  execFileSync('taskset', ['-c', '0', 'wrk', '-t1', '-c128', `-d${DURATION}s`, '-s', path.join(SHARED, 'wrk-post.lua'), `${gw.url}/chat/completions`, '-H', 'content-type: application/json', '-H', `authorization: Bearer ${gw.key}`, '-H', 'x-tollgate-cache: bypass'], { env: { ...process.env, WRK_BODY_FILE: bodyFile, WRK_JSON_OUT: out }, stdio: 'ignore' });
  const w = JSON.parse(fs.readFileSync(out, 'utf8'));
  const answered = w.requests - w.errors.status;
  console.log(`${DURATION} s saturation: ${w.requests} requests, ${answered} answered (${Math.round(answered / DURATION)} req/s), ${w.errors.status} refused`);
  const stored = await settledEventCount(gw, { atLeast: answered, maxS: 120 });
  console.log(`events stored: ${stored} (${stored - answered >= 0 ? 'none' : answered - stored} missing)`);
} finally {
  await gw.stop();
  await mock.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
