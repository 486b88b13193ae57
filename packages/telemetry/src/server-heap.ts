// V8 heap settings for a process that answers requests on one thread, applied by the entry points themselves so that
// `npm start`, `node services/x/src/main.ts`, the Helm chart and the benchmark all run the same way.
//
// - A 16 MB semi-space (the default is 32 MB on a machine with this much memory): a scavenge's pause grows with what
//   survives it, mostly the last second of events waiting for ingest (measured with --trace-gc-nvp at 1000 req/s on
//   one core: 8.7 MB copied, 11-13 ms every 650 ms -> 2.2 MB, 2.7 ms (max 3.8) every 150 ms). Smaller still (8 MB)
//   cut pauses further but cost up to a fifth of peak throughput.
// - No memory reducer: after a few idle seconds V8 shrinks the heap and its growth limits; the next burst then pays
//   a mark-compact every second or two while the heap grows back (measured: 3,900-4,300 -> 5,300-5,400 streamed
//   req/s at saturation after 12 s idle). A server's heap is sized for its peak anyway.

/** The flags, in the form node takes them on its command line. */
export const SERVER_HEAP_FLAGS: readonly string[] = ['--max-semi-space-size=16', '--no-memory-reducer'];

/** Flag names an operator may set themselves (command line or NODE_OPTIONS); with any set, the process is left as started. */
const OWNED = ['--max-semi-space-size', '--min-semi-space-size', '--semi-space-growth-factor', '--memory-reducer', '--no-memory-reducer'];

/** Whether a process started with `execArgv` and NODE_OPTIONS `nodeOptions` should be restarted with SERVER_HEAP_FLAGS. */
export function needsServerHeap(execArgv: readonly string[], nodeOptions = ''): boolean {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)];
  return !given.some((a) => OWNED.some((f) => a === f || a.startsWith(`${f}=`)));
}

/**
 * Replaces this process with itself started with SERVER_HEAP_FLAGS (same pid, same arguments and environment),
 * unless it already runs with its own choice of them. Call first thing in an entry point: nothing it did before
 * survives. A no-op where the runtime cannot replace a process (process.execve: Node >= 23.11, not on Windows).
 */
export function execWithServerHeap(): void {
  if (typeof process.execve !== 'function' || !needsServerHeap(process.execArgv, process.env.NODE_OPTIONS)) return;
  process.execve(process.execPath, [process.execPath, ...SERVER_HEAP_FLAGS, ...process.execArgv, ...process.argv.slice(1)], process.env);
}
