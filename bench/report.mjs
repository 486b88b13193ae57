// Renders bench/RESULTS.md: a summary with ratios against Portkey and the direct upstream measured in the same
// run, then each harness table as printed.
import fs from 'node:fs';

const row = (json, test, mode) => json?.summary.find((r) => r.test === test && r.mode === mode);
const n = (x, d = 2) => (x == null || Number.isNaN(x) ? '-' : Number(x).toFixed(d));

export function renderResults(results, meta) {
  const data = results.map((r) => ({ ...r, data: JSON.parse(fs.readFileSync(r.json, 'utf8')) }));
  const peer = data.find((r) => r.name === 'Portkey');
  const L = [`# Benchmark results`, '', `${meta.date}; ${meta.cpus} x ${meta.cpu}; Node ${meta.node}.`,
    'Produced by `node bench/run.mjs` (shared harness ../shared/bench/run.mjs; gateway pinned to CPU 1, mock and load on CPU 0).',
    'Tollgate requests carry `x-tollgate-cache: bypass`, so every one reaches the upstream and publishes its event (ClickHouse ingestion runs during the run).',
    meta.prewarmS ? `Each gateway, Portkey included, first took ${meta.prewarmS} s of 1000 req/s (half JSON, half streamed), unmeasured: the runs see its steady state, not its first seconds (PREWARM_S=0 measures a cold start).` : 'Cold start: no gateway was warmed up before the runs (PREWARM_S=0).',
    '',
    '| target | mode | sat rps | x Portkey | overhead p50 @1000 | overhead p99 @1000 | overhead p50 @200 | RSS MB (sat) | CPU us/req (sat) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |'];
  for (const r of data) {
    for (const mode of ['chat', 'stream']) {
      const sat = row(r.data, 'sat', mode), k = row(r.data, 'fixed@1000', mode), t = row(r.data, 'fixed@200', mode);
      if (!sat) continue;
      const ps = row(peer?.data, 'sat', mode);
      const over = (x, p) => (x?.target.overloaded ? 'overloaded' : n(x?.overhead?.[p]));
      L.push(`| ${r.name} | ${mode} | ${n(sat.target.rps, 0)} | ${ps ? n(sat.target.rps / ps.target.rps) : '-'} | ${over(k, 'p50')} | ${over(k, 'p99')} | ${over(t, 'p50')} | ${n(sat.target.gw_rss_mb, 0)} | ${n(sat.target.gw_cpu_us_per_req, 0)} |`);
    }
  }
  L.push('', 'Overheads are in ms, target minus direct upstream, paired per repetition (medians).', '');
  for (const r of data) {
    if (r.hits) {
      const h = r.hits;
      L.push(`${r.name} cache hits: ${h.rate} req/s fixed rate, achieved ${n(h.achieved_rps, 0)} req/s, p50 ${n(h.latency?.p50)} ms, p99 ${n(h.latency?.p99)} ms${h.overloaded ? ' (OVERLOADED)' : ''}.`);
    }
    if (r.eventsIngested != null) L.push(`${r.name}: ${r.eventsIngested} request events reached ClickHouse during the run (GET /v1/projects/{id}/metrics).`);
  }
  for (const r of data) L.push('', `## ${r.name}`, '', '```', r.table.trim(), '```');
  return L.join('\n') + '\n';
}
