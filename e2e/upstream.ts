// The fake upstream LLM for end-to-end tests: ../shared/bench/mock-upstream.mjs on a loopback port.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export const SHARED_BENCH = path.resolve(import.meta.dirname, '../../shared/bench');

export interface Upstream {
  url: string;
  stats(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export async function startUpstream(port: number): Promise<Upstream> {
  const child: ChildProcess = spawn(process.execPath, [path.join(SHARED_BENCH, 'mock-upstream.mjs')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (await fetch(`${base}/__stats`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `${base}/v1`,
    stats: async () => (await fetch(`${base}/__stats`)).json() as Promise<Record<string, number>>,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
