#!/usr/bin/env node
// What the event loop was doing during each stall that bench/stall-tracer.mjs recorded: a GC (from the trace), or
// the code most sampled in the stall's window of a --cpu-prof profile of the same process ('(idle)': the main thread
// was not running, i.e. another thread had the core). Prints the causes by stalled time; V=1 lists every stall.
//   node bench/stall-report.mjs <stalls.json> <profile.cpuprofile>
import fs from 'node:fs';

const [stallFile, profFile] = process.argv.slice(2);
const { stalls, gcs } = JSON.parse(fs.readFileSync(stallFile, 'utf8'));
const prof = JSON.parse(fs.readFileSync(profFile, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (id) => {
  const f = byId.get(id).callFrame;
  return `${f.functionName || '(anon)'} ${f.url.replace(/.*node_modules\//, 'nm:').replace(/^.*?\/(services|packages)\//, '$1/')}:${f.lineNumber + 1}`;
};
/** The innermost frame of our own code in a sample's stack (else its innermost named frame). */
const own = (id) => {
  const stack = [];
  for (let x = id; x !== undefined; x = parent.get(x)) stack.push(label(x));
  return stack.find((l) => /^(services|packages)\//.test(l)) ?? stack.find((l) => !l.startsWith('(')) ?? label(id);
};
const times = [];
let t = prof.startTime;
for (const dt of prof.timeDeltas) times.push((t += dt));
const inside = stalls.filter(([a, b]) => a >= times[0] && b <= times.at(-1));
console.log(`stalls: ${stalls.length}, inside the profile: ${inside.length}, ${(inside.reduce((s, [a, b]) => s + b - a, 0) / 1000).toFixed(0)} ms`);
const causes = new Map();
let j = 0;
for (const [a, b] of inside) {
  while (j < times.length && times[j] < a) j++;
  const seen = new Map();
  for (let k = j; k < times.length && times[k] <= b; k++) {
    const fn = byId.get(prof.samples[k]).callFrame.functionName;
    const key = ['(garbage collector)', '(idle)', '(program)'].includes(fn) ? fn : own(prof.samples[k]);
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const gc = gcs.filter(([s, d]) => s < b && s + d > a);
  const ranked = [...seen].sort((x, y) => y[1] - x[1]);
  const cause = gc.length ? '(GC, per the trace)' : (ranked.find(([k]) => k !== '(program)')?.[0] ?? '(no samples)');
  const c = causes.get(cause) ?? { n: 0, ms: 0 };
  c.n++;
  c.ms += (b - a) / 1000;
  causes.set(cause, c);
  if (process.env.V) console.log(`${((b - a) / 1000).toFixed(1)} ms`, gc.map(([, d, kind]) => `gc${kind}:${(d / 1000).toFixed(1)}`).join(','), ranked.slice(0, 4).map(([k, v]) => `${k} ${v}`).join('; '));
}
for (const [k, c] of [...causes].sort((x, y) => y[1].ms - x[1].ms).slice(0, 25)) console.log(c.n, `${c.ms.toFixed(0)} ms`, k);
