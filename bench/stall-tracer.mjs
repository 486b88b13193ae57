// Preload for a gateway (GATEWAY_NODE_FLAGS="--import=<this file>"): records every event-loop stall (a 1 ms timer
// late by more than STALL_MS, default 4) and every GC as windows on the monotonic clock, and writes them as JSON to
// STALL_OUT (default /tmp/tollgate-stalls-<pid>.json) at exit. bench/stall-report.mjs matches them to a --cpu-prof
// profile taken in the same run:
//   GATEWAY_NODE_FLAGS="--import=$PWD/bench/stall-tracer.mjs --cpu-prof --cpu-prof-dir=/tmp/prof --cpu-prof-interval=250" \
//     node bench/probe.mjs
//   node bench/stall-report.mjs /tmp/tollgate-stalls-<pid>.json /tmp/prof/*.cpuprofile
import fs from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';

const out = process.env.STALL_OUT ?? `/tmp/tollgate-stalls-${process.pid}.json`;
const limitUs = Number(process.env.STALL_MS ?? 4) * 1000;
const stalls = [];
const gcs = [];
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const originUs = nowUs() - performance.now() * 1000; // performance.now() on the same clock
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push([Math.round(originUs + e.startTime * 1000), Math.round(e.duration * 1000), e.detail?.kind]);
}).observe({ entryTypes: ['gc'] });
let last = nowUs();
function tick() {
  const now = nowUs();
  if (now - last > limitUs) stalls.push([last, now]);
  last = now;
  setTimeout(tick, 1).unref();
}
setTimeout(tick, 1).unref();
process.on('exit', () => fs.writeFileSync(out, JSON.stringify({ stalls, gcs })));
