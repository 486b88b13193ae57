// Test support: the shared fake OpenAI upstream (../shared/bench/mock-upstream.mjs beside the repository, or
// MOCK_UPSTREAM) as a child process on a free loopback port. Faults are chosen by model name: fail-<status>,
// slow-<ms>, cut.
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const SCRIPT = process.env.MOCK_UPSTREAM ?? path.resolve(import.meta.dirname, '../../../../shared/bench/mock-upstream.mjs');

export interface MockUpstream {
  /** Base URL including /v1, as a provider's baseUrl. */
  url: string;
  stats(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export async function startMockUpstream(env: Record<string, string> = {}): Promise<MockUpstream> {
  const port = await freePort();
  const child = spawn(process.execPath, [SCRIPT], { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('mock upstream did not start within 5 s')), 5000);
    child.once('exit', (code) => reject(new Error(`mock upstream exited with ${code}`)));
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const url = `http://127.0.0.1:${port}/v1`;
  return {
    url,
    stats: async () => (await fetch(`http://127.0.0.1:${port}/__stats`)).json() as Promise<Record<string, number>>,
    stop: () => stopChild(child),
  };
}

/** A free loopback port (bound then released; good enough for tests on one machine). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
