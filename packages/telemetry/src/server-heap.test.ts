import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { needsServerHeap, SERVER_HEAP_FLAGS } from './server-heap.ts';

describe('server heap flags', () => {
  it('are wanted unless the process was started with its own choice of them', () => {
    expect(needsServerHeap([])).toBe(true);
    expect(needsServerHeap(['--enable-source-maps', '--max-old-space-size=2048'])).toBe(true);
    expect(needsServerHeap(['--max-semi-space-size=64'])).toBe(false);
    expect(needsServerHeap(['--memory-reducer'])).toBe(false);
    expect(needsServerHeap([...SERVER_HEAP_FLAGS])).toBe(false);
    expect(needsServerHeap([], '--max-old-space-size=4096')).toBe(true);
    expect(needsServerHeap([], '--enable-source-maps --max-semi-space-size=64')).toBe(false);
  });

  // A real process: the entry module restarts it in place (same pid) with the flags, once, keeping its arguments.
  function run(nodeArgs: string[]): string[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-heap-'));
    fs.writeFileSync(path.join(dir, 'before.mjs'), 'console.log(JSON.stringify({ pid: process.pid, execArgv: process.execArgv, argv: process.argv.slice(2) }));\n');
    const entry = path.join(import.meta.dirname, 'server-heap-entry.ts');
    fs.writeFileSync(path.join(dir, 'main.mjs'), `import './before.mjs';\nimport ${JSON.stringify(entry)};\n`);
    try {
      return execFileSync(process.execPath, [...nodeArgs, path.join(dir, 'main.mjs'), 'x', 'y'], { encoding: 'utf8' }).trim().split('\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it.runIf(typeof process.execve === 'function')('restarts an entry point in place with them, once', () => {
    const lines = run([]).map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[1].pid).toBe(lines[0].pid);
    expect(lines[1].execArgv).toEqual(SERVER_HEAP_FLAGS);
    expect(lines[1].argv).toEqual(['x', 'y']);
  });

  it('leaves a process started with its own semi-space size as it is', () => {
    const lines = run(['--max-semi-space-size=32']).map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0].execArgv).toEqual(['--max-semi-space-size=32']);
  });
});
