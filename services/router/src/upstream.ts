import type { ProviderConfig } from '@tollgate/config';
import { type Dispatcher, Pool } from 'undici';

/** Where and how one provider is called: its origin's pool, base path and prebuilt headers. */
export interface Target {
  pool: Pool;
  basePath: string;
  headers: Record<string, string>;
}

/**
 * One keep-alive undici Pool per provider origin (providers sharing an origin share it). Request headers are
 * built once per provider. Hazard: `headers` hold the provider's credential; never log a Target.
 */
export class Upstreams {
  private readonly pools = new Map<string, Pool>();
  private readonly targets = new Map<string, Target>();

  constructor(providers: readonly ProviderConfig[], opts: { connections?: number } = {}) {
    for (const p of providers) {
      const url = new URL(p.baseUrl);
      let pool = this.pools.get(url.origin);
      if (!pool) {
        // Deadlines are enforced per request (Deadline below), not by undici's idle timers.
        pool = new Pool(url.origin, { connections: opts.connections ?? 256, keepAliveTimeout: 30_000, headersTimeout: 0, bodyTimeout: 0 });
        this.pools.set(url.origin, pool);
      }
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (p.apiKey) headers.authorization = `Bearer ${p.apiKey}`;
      this.targets.set(p.name, { pool, basePath: url.pathname.replace(/\/+$/, ''), headers });
    }
  }

  /** POSTs body to the provider's `${baseUrl}${endpoint}`; resolves once the response head has arrived. */
  post(provider: string, endpoint: string, body: Uint8Array | string, signal: AbortSignal, traceparent: string): Promise<Dispatcher.ResponseData> {
    const t = this.targets.get(provider);
    if (!t) return Promise.reject(new Error(`no target for provider ${provider}`));
    const headers = traceparent ? { ...t.headers, traceparent } : t.headers;
    return t.pool.request({ method: 'POST', path: t.basePath + endpoint, headers, body, signal });
  }

  /** Waits for in-flight requests, then closes every connection. */
  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close()));
  }
}

/**
 * One request's total deadline joined with its caller's cancellation, as the single signal given to undici.
 * `timedOut` / `cancelled` tell which one fired, so the failure is classified correctly.
 */
export class Deadline {
  readonly signal: AbortSignal;
  timedOut = false;
  cancelled = false;
  private readonly ac = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly caller: AbortSignal | undefined;
  private readonly onCallerAbort = () => {
    this.cancelled = true;
    this.ac.abort();
  };

  constructor(ms: number, caller: AbortSignal | undefined) {
    this.signal = this.ac.signal;
    this.caller = caller;
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.ac.abort();
    }, ms);
    if (caller?.aborted) this.onCallerAbort();
    else caller?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  /**
   * Releases the timer and the listener. It does not abort (an abort builds a DOMException with a stack: too
   * dear for every request); a caller leaving mid-answer destroys the response body instead.
   */
  dispose(): void {
    clearTimeout(this.timer);
    this.caller?.removeEventListener('abort', this.onCallerAbort);
  }
}
