import type { Logger } from './logger.ts';

/**
 * Graceful shutdown for an entry point: on the first SIGTERM or SIGINT, runs `stop` (stop accepting, drain
 * in-flight work, flush and ack pending events, close connections), then exits 0. If `stop` has not finished
 * within graceMs the process exits 1 anyway: a request still running then must not keep a pod past its
 * termination grace period (the orchestrator would kill it without the log line).
 */
export function onShutdown(logger: Logger, graceMs: number, stop: () => Promise<void>): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal, graceMs });
    setTimeout(() => {
      logger.error('shutdown grace period exceeded; exiting with work in flight', { graceMs });
      process.exit(1);
    }, graceMs).unref();
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error('shutdown failed', { err });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}

/** The part of the grace period given to draining requests; the rest is kept for flushing events and closing. */
export function drainBudget(graceMs: number): number {
  return Math.max(0, graceMs - Math.min(1000, graceMs / 4));
}
