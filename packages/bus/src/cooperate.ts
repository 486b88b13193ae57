/**
 * Lets other work run (I/O callbacks: in-flight HTTP requests) every `every` calls. Consumers that handle a batch
 * of hundreds of messages in one go would otherwise hold the event loop for tens of milliseconds, and in one
 * process (all-in-one) every request waiting behind them pays it. Usage: `const turn = cooperate(); for (...) {
 * const t = turn(); if (t) await t; ... }` (awaiting the undefined of the other calls would cost a promise each).
 */
export function cooperate(every = 32): () => Promise<void> | undefined {
  let n = 0;
  return () => (++n % every === 0 ? new Promise<void>((resolve) => setImmediate(resolve)) : undefined);
}
