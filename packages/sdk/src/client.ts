import type { RetryPolicy } from './backoff.ts';
import { hasItemResults, parseBatchResult } from './batch-result.ts';
import { errorFromResponse, TollgateError } from './errors.ts';
import { completeEvent } from './events.ts';
import { gatewayOrigin, type HttpOptions, request } from './http.ts';
import type { BatchResult, ClientStats, DeliveryFailure, ProjectMetrics, TollgateEvent } from './types.ts';

export interface TollgateOptions {
  /** A project key, `tg_...`. */
  apiKey: string;
  /** The gateway, with or without `/v1`. Default http://127.0.0.1:8080. */
  baseUrl?: string;
  /** Needed by `logEvent` (single-event endpoint), `metrics` and `analytics`; batches take the project from the key. */
  projectId?: string;
  /** Buffered events are sent at least this often; 0 sends only on `flush`, a full batch, `close` or exit. Default 5000. */
  flushIntervalMs?: number;
  /** Events per batch request. Default 100. */
  maxBatch?: number;
  /** Buffered events kept at most; when full the oldest is dropped and counted. Default 10000. */
  maxQueue?: number;
  /** Retries after the first attempt on 408/429/5xx and network errors. Default 3. */
  maxRetries?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** A 429 asking to wait longer than this fails at once instead. Default 60000. */
  maxRetryAfterMs?: number;
  /** Per attempt. Default 10000. */
  timeoutMs?: number;
  /** Called for buffered events that will not be stored, with the gateway's reasons. Must not throw. */
  onError?: (failure: DeliveryFailure) => void;
  /** Flush when the Node process is about to exit (`beforeExit`). Default true. */
  flushOnExit?: boolean;
  fetch?: typeof fetch;
  /** Test seam: how retries wait. */
  sleep?: (ms: number) => Promise<void>;
}

const sleeper = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The Tollgate client. `log` buffers (cheap, never throws, never blocks on the network); `logEvent`, `metrics`
 * and `analytics` are awaited calls that throw TollgateError. Safe to share across an application.
 */
export class Tollgate {
  readonly #http: HttpOptions;
  readonly #projectId: string | undefined;
  readonly #maxBatch: number;
  readonly #maxQueue: number;
  readonly #onError: (f: DeliveryFailure) => void;
  readonly #queue: TollgateEvent[] = [];
  readonly #stats: Omit<ClientStats, 'queued'> = { sent: 0, rejected: 0, failed: 0, dropped: 0 };
  #chain: Promise<void> = Promise.resolve();
  #autoFlushPending = false;
  #closed = false;
  #timer: ReturnType<typeof setInterval> | undefined;
  #onExit: (() => void) | undefined;

  constructor(opts: TollgateOptions) {
    if (!opts?.apiKey) throw new TollgateError('apiKey is required');
    const retry: RetryPolicy = {
      maxRetries: opts.maxRetries ?? 3,
      baseMs: opts.retryBaseMs ?? 250,
      maxMs: opts.retryMaxMs ?? 10_000,
      maxRetryAfterMs: opts.maxRetryAfterMs ?? 60_000,
    };
    this.#http = {
      origin: gatewayOrigin(opts.baseUrl ?? 'http://127.0.0.1:8080'),
      apiKey: opts.apiKey,
      fetch: opts.fetch ?? globalThis.fetch,
      timeoutMs: opts.timeoutMs ?? 10_000,
      retry,
      sleep: opts.sleep ?? sleeper,
      now: Date.now,
    };
    this.#projectId = opts.projectId;
    this.#maxBatch = Math.max(1, opts.maxBatch ?? 100);
    this.#maxQueue = Math.max(1, opts.maxQueue ?? 10_000);
    const onError = opts.onError;
    this.#onError = (f) => {
      try {
        onError?.(f);
      } catch {
        // A throwing callback must not break delivery of the other events.
      }
    };
    const interval = opts.flushIntervalMs ?? 5000;
    if (interval > 0) {
      this.#timer = setInterval(() => {
        if (this.#queue.length > 0) void this.flush();
      }, interval);
      this.#timer.unref?.();
    }
    // beforeExit fires when the loop is empty; the flush's requests keep the process alive until they finish,
    // then beforeExit fires again with an empty queue and the process exits.
    const proc = globalThis.process;
    if ((opts.flushOnExit ?? true) && typeof proc?.on === 'function') {
      this.#onExit = () => {
        if (this.#queue.length > 0) void this.flush();
      };
      proc.on('beforeExit', this.#onExit);
    }
  }

  /** Buffers an event, filling `event_id` (UUIDv7) and `timestamp` when absent. Returns the event as queued. */
  log(event: TollgateEvent): TollgateEvent {
    const full = completeEvent(event);
    if (this.#closed) {
      this.#drop([full], 'client is closed');
      return full;
    }
    this.#queue.push(full);
    if (this.#queue.length > this.#maxQueue) this.#drop(this.#queue.splice(0, this.#queue.length - this.#maxQueue), 'queue full: oldest events dropped');
    if (this.#queue.length >= this.#maxBatch && !this.#autoFlushPending) {
      this.#autoFlushPending = true;
      void this.flush();
    }
    return full;
  }

  /**
   * Sends one event now (single-event endpoint when `projectId` is set, else a batch of one) and resolves with it
   * as stored (id and timestamp filled). Throws TollgateError with the gateway's status, message and `param`.
   */
  async logEvent(event: TollgateEvent): Promise<TollgateEvent> {
    const full = completeEvent(event);
    if (this.#projectId) {
      const a = await request(this.#http, 'POST', `/v1/projects/${encodeURIComponent(this.#projectId)}/events`, full);
      if (a.status >= 300) throw errorFromResponse(a.status, a.body);
      return full;
    }
    const a = await request(this.#http, 'POST', '/v1/events/batch', { events: [full] });
    if (a.status >= 300 && !hasItemResults(a.body)) throw errorFromResponse(a.status, a.body);
    const r = parseBatchResult(a.body, 1).rejected[0];
    if (r) throw new TollgateError(r.reason, { status: a.status, param: r.field, body: a.body });
    return full;
  }

  /** Sends a batch now and returns the gateway's per-item answer; throws only when no answer was usable. */
  async logBatch(events: TollgateEvent[]): Promise<BatchResult> {
    const full = events.map((e) => completeEvent(e));
    const a = await request(this.#http, 'POST', '/v1/events/batch', { events: full });
    if (a.status >= 300 && !hasItemResults(a.body)) throw errorFromResponse(a.status, a.body);
    return parseBatchResult(a.body, full.length);
  }

  /** Sends everything buffered when called. Never throws: failures go to `onError`. */
  flush(): Promise<void> {
    const run = this.#chain.then(() => this.#drain());
    this.#chain = run;
    return run;
  }

  /** Stops the timer and the exit hook, then flushes. Later `log` calls are dropped (and reported). */
  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      if (this.#timer) clearInterval(this.#timer);
      if (this.#onExit) globalThis.process?.off('beforeExit', this.#onExit);
    }
    await this.flush();
  }

  stats(): ClientStats {
    return { queued: this.#queue.length, ...this.#stats };
  }

  /** `GET /v1/projects/{id}/metrics`, optionally for `from`..`to` (ISO dates). */
  async metrics(range: { from?: string; to?: string } = {}): Promise<ProjectMetrics> {
    return (await this.#get(`/v1/projects/${encodeURIComponent(this.#requireProject())}/metrics`, range)) as ProjectMetrics;
  }

  /** `GET /api/v1/projects/{id}/analytics/{kind}` (summary, daily, breakdown, latency, ...) with query params. */
  async analytics<T = unknown>(kind: string, params: Record<string, string | number | boolean | undefined> = {}): Promise<T> {
    return (await this.#get(`/api/v1/projects/${encodeURIComponent(this.#requireProject())}/analytics/${encodeURIComponent(kind)}`, params)) as T;
  }

  async #get(path: string, params: Record<string, string | number | boolean | undefined>): Promise<unknown> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
    const a = await request(this.#http, 'GET', q.size ? `${path}?${q}` : path);
    if (a.status >= 300) throw errorFromResponse(a.status, a.body);
    return a.body;
  }

  #requireProject(): string {
    if (!this.#projectId) throw new TollgateError('projectId is required for metrics and analytics');
    return this.#projectId;
  }

  async #drain(): Promise<void> {
    this.#autoFlushPending = false;
    // Only what is queued now: a steady stream of log() calls cannot keep one flush running forever.
    let budget = this.#queue.length;
    while (budget > 0 && this.#queue.length > 0) {
      const batch = this.#queue.splice(0, Math.min(this.#maxBatch, budget));
      budget -= batch.length;
      await this.#send(batch);
    }
  }

  /** Delivers one batch; every event ends up sent, rejected or failed (reported). Never throws. */
  async #send(batch: TollgateEvent[]): Promise<void> {
    let a: { status: number; body: unknown };
    try {
      a = await request(this.#http, 'POST', '/v1/events/batch', { events: batch });
    } catch (err) {
      return this.#fail('failed', batch, (err as Error).message, undefined, err);
    }
    if (a.status === 413 && batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      await this.#send(batch.slice(0, half));
      return this.#send(batch.slice(half));
    }
    if (a.status < 300 || (a.status < 500 && hasItemResults(a.body))) {
      const result = parseBatchResult(a.body, batch.length);
      this.#stats.sent += result.accepted;
      if (result.rejected.length === 0) return;
      const items = result.rejected.map((r) => ({
        event: batch[r.index] ?? batch.find((e) => e.event_id === r.event_id) ?? { event_type: 'unknown', event_id: r.event_id },
        reason: r.reason,
        field: r.field,
      }));
      this.#stats.rejected += items.length;
      return this.#onError({ kind: 'rejected', status: a.status, message: `${items.length} of ${batch.length} events rejected`, items });
    }
    const e = errorFromResponse(a.status, a.body);
    // 400/422 without item results: the gateway refused the request as a whole (nothing to retry).
    this.#fail(a.status === 400 || a.status === 422 ? 'rejected' : 'failed', batch, e.message, a.status, e, e.param);
  }

  #fail(kind: 'rejected' | 'failed', events: TollgateEvent[], reason: string, status?: number, cause?: unknown, field?: string): void {
    this.#stats[kind] += events.length;
    this.#onError({ kind, status, message: reason, cause, items: events.map((event) => ({ event, reason, field })) });
  }

  #drop(events: TollgateEvent[], reason: string): void {
    this.#stats.dropped += events.length;
    this.#onError({ kind: 'dropped', message: reason, items: events.map((event) => ({ event, reason })) });
  }
}
