// Cache hits, measured apart from the harness (whose honesty check requires every request to reach the upstream):
// one request fills the cache, then a fixed-rate run of identical requests is answered from it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startMock } from './gateways.mjs';

const BODY = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Summarise in two sentences why teams put an AI gateway in front of model providers.' }], temperature: 0.2, max_tokens: 128 };

export async function measureCacheHits(shared, gw, rate = Number(process.env.HIT_RATE ?? 1000)) {
  const mock = await startMock(shared);
  try {
    const headers = { authorization: `Bearer ${gw.key}`, 'content-type': 'application/json' };
    await fetch(`${gw.url}/chat/completions`, { method: 'POST', headers, body: JSON.stringify(BODY) }).then((r) => r.text());
    let cached = false;
    for (let i = 0; i < 50 && !cached; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const r = await fetch(`${gw.url}/chat/completions`, { method: 'POST', headers, body: JSON.stringify(BODY) });
      await r.text();
      cached = r.headers.get('x-tollgate-cache') === 'hit';
    }
    if (!cached) throw new Error('the cache never answered a hit');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hits-')), 'body.json');
    fs.writeFileSync(file, JSON.stringify(BODY));
    const out = execFileSync('taskset', ['-c', '0', 'node', path.join(shared, 'loadgen.mjs'), '--url', `${gw.url}/chat/completions`, '--rate', String(rate),
      '--duration', '10', '--warmup', '2', '--body-file', file, '--expect', '"completion_tokens"', '-H', `authorization: Bearer ${gw.key}`], { encoding: 'utf8' });
    return { rate, ...JSON.parse(out) };
  } finally {
    await mock.stop();
  }
}
