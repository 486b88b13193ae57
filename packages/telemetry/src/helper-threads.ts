// Keeps the event loop first in line for the CPU. A gateway process also runs helper threads: V8's garbage
// collector and compiler workers, libuv's pool, and in all-in-one mode chDB's insert and merge pools. On a busy
// core they get the same share as the thread that answers requests, and every request waits while a merge or a
// concurrent marking phase runs (measured: p99 at 1000 req/s on one core went from ~100 ms to ~20 ms once they
// yield). Linux lets a thread have its own nice value, so the helpers are set `levels` below the main thread.
// Not too far below: at 19 a saturated event loop starves them (compiler jobs and chDB inserts hardly ran in
// 8 s of saturation), and throughput and event storage both fell; the default is 5.
import { readdirSync } from 'node:fs';
import os from 'node:os';

export interface HelperThreads {
  stop(): void;
}

/**
 * Keeps every thread of this process except the main one at the main thread's nice value plus `levels` (0-19; 0
 * leaves them alone; capped at 19), checking every intervalMs: new threads are caught, and so is a renice of the
 * whole process (the order between the event loop and its helpers is kept, the process's priority is the
 * operator's). Linux only: a no-op elsewhere; a thread that cannot be changed is skipped.
 */
export function lowerHelperThreads(levels: number, intervalMs = 1000, tasks = '/proc/self/task'): HelperThreads {
  if (!Number.isInteger(levels) || levels < 0 || levels > 19) throw new RangeError(`helper thread nice must be 0..19, got ${levels}`);
  if (levels === 0 || process.platform !== 'linux') return { stop() {} };
  const sweep = () => {
    let tids: string[];
    let target: number;
    try {
      tids = readdirSync(tasks);
      target = Math.min(19, os.getPriority(process.pid) + levels);
    } catch {
      return;
    }
    for (const t of tids) {
      const tid = Number(t);
      if (tid === process.pid) continue;
      try {
        if (os.getPriority(tid) !== target) os.setPriority(tid, target);
      } catch {
        // exited meanwhile, or not ours to change
      }
    }
  };
  sweep();
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
