// Runs the Python SDK's unittest suite (sdks/python/tests) so that `npm test` covers both SDKs.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

it('passes the Python SDK tests', async () => {
  const child = spawn('python3', ['-m', 'unittest', 'discover', '-s', 'sdks/python/tests'], { cwd: ROOT, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  expect(code, out).toBe(0);
}, 120_000);
