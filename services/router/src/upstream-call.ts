import type { Dispatcher } from 'undici';

/** An upstream answer as the router reads it: status, headers, then the body's chunks as they arrive. */
export interface UpstreamResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: UpstreamBody;
}

export interface UpstreamBody extends AsyncIterable<Buffer> {
  readonly destroyed: boolean;
  /** Drops the call (the connection is not reused) unless the body was read to its end. */
  destroy(): void;
}

/** Chunks held before the upstream is paused (a slow client reading a stream): ~1 MiB of 64 KiB reads. */
const HIGH_WATER_CHUNKS = 16;

/**
 * One upstream call through undici's dispatch API: the head resolves `head`, body chunks are queued for one
 * reader, which takes all that arrived since its last read at once (a stream under load is read in fewer, larger
 * pieces, each of which the router decodes and forwards once). Pool.request wraps every call in a stream.Readable
 * and an AsyncResource, and the router then iterated that stream: a few dozen objects more per request, which in
 * profiles outlived the young-generation GC far more often than the request did (copied and promoted), lengthening
 * every scavenge pause.
 */
class UpstreamCall implements Dispatcher.DispatchHandler, UpstreamBody, AsyncIterator<Buffer> {
  readonly head: Promise<UpstreamResponse>;
  destroyed = false;
  private resolveHead!: (r: UpstreamResponse) => void;
  private rejectHead!: (err: Error) => void;
  private controller: Dispatcher.DispatchController | undefined;
  private headSeen = false;
  private readonly queue: Buffer[] = [];
  private ended = false;
  private failure: Error | undefined;
  private wakeReader: (() => void) | undefined;
  private readonly signal: AbortSignal;
  private readonly onAbort = () => this.abort(this.signal.reason instanceof Error ? this.signal.reason : new Error('aborted'));

  constructor(signal: AbortSignal) {
    this.signal = signal;
    this.head = new Promise((resolve, reject) => {
      this.resolveHead = resolve;
      this.rejectHead = reject;
    });
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.signal.aborted) this.onAbort();
  }

  onResponseStart(_c: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    this.headSeen = true;
    this.resolveHead({ statusCode, headers, body: this });
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.destroyed) return;
    this.queue.push(chunk);
    if (this.queue.length >= HIGH_WATER_CHUNKS) controller.pause();
    this.wake();
  }

  onResponseEnd(): void {
    this.ended = true;
    this.release();
    this.wake();
  }

  onResponseError(_c: Dispatcher.DispatchController, err: Error): void {
    this.release();
    if (!this.headSeen) {
      this.rejectHead(err);
      return;
    }
    this.failure ??= err;
    this.wake();
  }

  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    return this;
  }

  /** Everything that arrived since the last call, as one buffer (as a Readable's read() gives it). */
  async next(): Promise<IteratorResult<Buffer>> {
    for (;;) {
      const q = this.queue;
      if (q.length > 0) {
        const chunk = q.length === 1 ? q[0]! : Buffer.concat(q);
        q.length = 0;
        if (this.controller?.paused) this.controller.resume();
        return { value: chunk, done: false };
      }
      if (this.failure) throw this.failure;
      if (this.ended || this.destroyed) return { value: undefined, done: true };
      await new Promise<void>((resolve) => {
        this.wakeReader = resolve;
      });
    }
  }

  /** A reader that stops early (break, throw) drops the call. */
  async return(): Promise<IteratorResult<Buffer>> {
    this.destroy();
    return { value: undefined, done: true };
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.queue.length = 0;
    if (!this.ended) this.abort(new Error('upstream response dropped'));
    this.wake();
  }

  private abort(reason: Error): void {
    if (this.ended || this.failure) return;
    // Before the request started there is no controller yet: onRequestStart aborts it as soon as there is one.
    this.controller?.abort(reason);
  }

  private release(): void {
    this.signal.removeEventListener('abort', this.onAbort);
  }

  private wake(): void {
    const w = this.wakeReader;
    this.wakeReader = undefined;
    w?.();
  }
}

/** Sends one request through `dispatcher`; resolves once the response head has arrived. */
export function call(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, signal: AbortSignal): Promise<UpstreamResponse> {
  const c = new UpstreamCall(signal);
  dispatcher.dispatch(options, c);
  return c.head;
}
