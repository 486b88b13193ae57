import type { ProviderConfig } from '@tollgate/config';
import { Pool } from 'undici';
import type { Target } from './domain/routes.ts';
import type { Adapter } from './providers/provider.ts';
import { adapterFor } from './providers/registry.ts';
import { call, type UpstreamResponse } from './upstream-call.ts';

/** A configured provider with its adapter and effective base URL. */
export interface Provider {
  cfg: ProviderConfig;
  adapter: Adapter;
  baseUrl: string;
}

/** Where and how one provider is called with one credential: its origin's pool, base path and prebuilt headers. */
export interface Endpoint {
  pool: Pool;
  basePath: string;
  headers: Record<string, string>;
}

/** Providers and endpoints made by project credentials held at most; beyond it they are rebuilt as used. */
const MAX_OWN = 4096;

/**
 * Keep-alive undici Pools per provider origin (and connect timeout), request headers built once per provider
 * and credential (a project credential gets its own endpoint, pooled with others calling the same origin).
 * Hazard: `headers` hold the provider's credential; never log an Endpoint.
 */
export class Upstreams {
  private readonly pools = new Map<string, Pool>();
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly own = new Map<string, Provider>();
  private readonly ownEndpoints = new Map<string, Endpoint>();
  private readonly providers: ReadonlyMap<string, Provider>;
  private readonly connections: number;

  constructor(providers: ReadonlyMap<string, Provider>, opts: { connections?: number } = {}) {
    this.providers = providers;
    this.connections = opts.connections ?? 256;
  }

  /** The endpoint of a provider with a credential ('' = its api_key) and connect timeout (0 = undici's). */
  endpoint(provider: string, credential: string, connectTimeoutMs: number): Endpoint | undefined {
    const key = credential || connectTimeoutMs ? `${provider}\n${credential}\n${connectTimeoutMs}` : provider;
    const hit = this.endpoints.get(key);
    if (hit) return hit;
    const p = this.providers.get(provider);
    if (!p) return undefined;
    const ep = this.build(p, credential ? (p.cfg.credentials?.[credential] ?? '') : p.cfg.apiKey, connectTimeoutMs);
    this.endpoints.set(key, ep);
    return ep;
  }

  /** The provider a target is called through: its project credential's, else the configured one of its name. */
  provider(t: Target): Provider | undefined {
    if (!t.own) return this.providers.get(t.provider);
    const hit = this.own.get(t.own.key);
    if (hit) return hit;
    const adapter = adapterFor(t.own.cfg.kind);
    const baseUrl = t.own.cfg.baseUrl || adapter.defaultBaseUrl;
    if (!URL.canParse(baseUrl)) return undefined; // none (azure), or unreadable
    if (this.own.size >= MAX_OWN) this.dropOwn();
    const p = { cfg: t.own.cfg, adapter, baseUrl };
    this.own.set(t.own.key, p);
    return p;
  }

  /** The endpoint of a target: its project credential's, else its provider's with its (YAML) credential. */
  endpointOf(t: Target): Endpoint | undefined {
    if (!t.own) return this.endpoint(t.provider, t.credential, t.connectTimeoutMs);
    const key = `${t.own.key}\n${t.connectTimeoutMs}`;
    const hit = this.ownEndpoints.get(key);
    if (hit) return hit;
    const p = this.provider(t);
    if (!p) return undefined;
    if (this.ownEndpoints.size >= MAX_OWN) this.dropOwn();
    const ep = this.build(p, p.cfg.apiKey, t.connectTimeoutMs);
    this.ownEndpoints.set(key, ep);
    return ep;
  }

  /** POSTs body to `${base path}${path}`; resolves once the response head has arrived. */
  post(ep: Endpoint, path: string, body: Uint8Array | string, signal: AbortSignal, traceparent: string): Promise<UpstreamResponse> {
    const headers = traceparent ? { ...ep.headers, traceparent } : ep.headers;
    return call(ep.pool, { method: 'POST', path: ep.basePath + path, headers, body }, signal);
  }

  /** Waits for in-flight requests, then closes every connection. */
  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close()));
  }

  private build(p: Provider, apiKey: string, connectTimeoutMs: number): Endpoint {
    const url = new URL(p.baseUrl);
    return { pool: this.pool(url.origin, connectTimeoutMs), basePath: url.pathname.replace(/\/+$/, ''), headers: { 'content-type': 'application/json', ...p.adapter.headers(apiKey, p.cfg) } };
  }

  /** Forgets project-credential providers and endpoints (requests holding one finish with it; pools stay). */
  private dropOwn(): void {
    this.own.clear();
    this.ownEndpoints.clear();
  }

  private pool(origin: string, connectTimeoutMs: number): Pool {
    const key = connectTimeoutMs ? `${origin} ${connectTimeoutMs}` : origin;
    let pool = this.pools.get(key);
    if (!pool) {
      // Deadlines are enforced per attempt (AttemptTimer below), not by undici's idle timers.
      const connect = connectTimeoutMs ? { connect: { timeout: connectTimeoutMs } } : {};
      pool = new Pool(origin, { connections: this.connections, keepAliveTimeout: 30_000, headersTimeout: 0, bodyTimeout: 0, ...connect });
      this.pools.set(key, pool);
    }
    return pool;
  }
}

/**
 * The time limits of one attempt joined with its caller's cancellation, as the single signal given to undici:
 * the attempt's total limit (bounded by the request's deadline) and, until the response head arrives, its
 * first-byte limit. `timedOut` / `cancelled` tell which one fired, so the failure is classified correctly.
 */
export class AttemptTimer {
  readonly signal: AbortSignal;
  timedOut = false;
  cancelled = false;
  private readonly ac = new AbortController();
  private timer: NodeJS.Timeout;
  private readonly totalMs: number;
  private readonly started: number;
  private readonly now: () => number;
  private readonly caller: AbortSignal | undefined;
  private readonly onCallerAbort = () => {
    this.cancelled = true;
    this.ac.abort();
  };
  private readonly onTimeout = () => {
    this.timedOut = true;
    this.ac.abort();
  };

  /** totalMs: this attempt's limit (already bounded by the deadline); firstByteMs: 0 for none. */
  constructor(totalMs: number, firstByteMs: number, caller: AbortSignal | undefined, now: () => number) {
    this.signal = this.ac.signal;
    this.caller = caller;
    this.totalMs = totalMs;
    this.now = now;
    this.started = now();
    this.timer = setTimeout(this.onTimeout, firstByteMs > 0 ? Math.min(firstByteMs, totalMs) : totalMs);
    if (caller?.aborted) this.onCallerAbort();
    else caller?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  /** The response head arrived: from now on only the total limit applies. */
  headArrived(firstByteMs: number): void {
    if (firstByteMs <= 0 || firstByteMs >= this.totalMs || this.timedOut) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(this.onTimeout, Math.max(0, this.totalMs - (this.now() - this.started)));
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

/** Waits ms (a retry's backoff); resolves early when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
