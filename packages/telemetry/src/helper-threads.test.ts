import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { lowerHelperThreads } from './helper-threads.ts';

/** Nice value of each thread of this process, by thread id (field 19 of /proc/<pid>/task/<tid>/stat). */
function niceByThread(): Map<number, number> {
  const out = new Map<number, number>();
  for (const t of readdirSync('/proc/self/task')) {
    try {
      out.set(Number(t), Number(readFileSync(`/proc/self/task/${t}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** Puts every thread back (raising a priority needs CAP_SYS_NICE: without it they stay lowered). */
function restore(nice: number): void {
  for (const tid of niceByThread().keys()) {
    try {
      os.setPriority(tid, nice);
    } catch {
      // not permitted
    }
  }
}

describe.runIf(process.platform === 'linux')('lowerHelperThreads', () => {
  const undo: Array<() => unknown> = [];
  afterEach(async () => {
    for (const u of undo.splice(0)) await u();
  });

  it('lowers every thread but the main one, including threads started later', async () => {
    const mainNice = os.getPriority(process.pid);
    const helpers = lowerHelperThreads(7, 50);
    undo.push(() => helpers.stop());
    undo.push(() => restore(mainNice)); // the test runner's own threads are among those lowered
    const worker = new Worker('setInterval(() => {}, 1000)', { eval: true });
    undo.push(() => worker.terminate());
    await new Promise((r) => worker.once('online', r));
    await new Promise((r) => setTimeout(r, 200));
    const nice = niceByThread();
    expect(nice.get(process.pid)).toBe(mainNice);
    const others = [...nice].filter(([tid]) => tid !== process.pid);
    expect(others.length).toBeGreaterThan(1);
    for (const [tid, n] of others) expect({ tid, nice: n }).toEqual({ tid, nice: Math.min(19, mainNice + 7) });
  });

  it('keeps the helpers below the main thread when the whole process is reniced', async () => {
    const mainNice = os.getPriority(process.pid);
    const helpers = lowerHelperThreads(3, 50);
    undo.push(() => helpers.stop());
    undo.push(() => restore(mainNice));
    for (const tid of niceByThread().keys()) os.setPriority(tid, 2); // an operator's `renice -n 2` of every thread
    await new Promise((r) => setTimeout(r, 200));
    const nice = niceByThread();
    expect(nice.get(process.pid)).toBe(2);
    for (const [tid, n] of nice) if (tid !== process.pid) expect({ tid, nice: n }).toEqual({ tid, nice: 5 });
  });

  it('leaves threads alone with 0 and refuses values outside 0..19', () => {
    expect(() => lowerHelperThreads(20)).toThrow(RangeError);
    expect(() => lowerHelperThreads(-1)).toThrow(RangeError);
    const before = niceByThread();
    lowerHelperThreads(0).stop();
    expect(niceByThread()).toEqual(before);
  });
});
