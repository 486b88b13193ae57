// The api service's factory: management of projects and keys (Postgres, the only writer) and project analytics
// (ClickHouse). Returns a plain node handler; main.ts (or the all-in-one root) owns the server and the pools.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Publisher } from '@tollgate/bus';
import type { ClickHouseClient, Database } from '@tollgate/db';
import { hashApiKey } from '@tollgate/db';
import { DEFAULT_PRICES, type Price } from '@tollgate/config';
import type { CircuitRecord } from '@tollgate/events';
import { type Logger, Registry } from '@tollgate/telemetry';
import { type Kysely, sql } from 'kysely';
import { createActions } from './actions.ts';
import { createAnalyticsActions } from './analytics/actions.ts';
import { createAuth } from './auth.ts';
import { createConfigEvents } from './config-events.ts';
import { openApiDocument } from './openapi/document.ts';
import { createHttpHandler } from './http.ts';
import { createStore } from './store.ts';

/** The admin credential: the key itself, or its sha256 hex (what resolveAdminKey returns for a stored key). */
export type AdminCredential = { adminKey: string; adminKeyHash?: never } | { adminKeyHash: string; adminKey?: never };

export type ApiDeps = AdminCredential & {
  db: Kysely<Database>;
  clickhouse: ClickHouseClient;
  logger: Logger;
  now?: () => Date;
  /** Registry that /metrics renders; a private one when absent. */
  registry?: Registry;
  /** Request bodies above this are refused with 413. Management bodies are tiny; default 64 KiB. */
  maxBodyBytes?: number;
  /** Per-dependency budget of a health check, in milliseconds. Default 2000. */
  healthTimeoutMs?: number;
  /** USD per million tokens by model, for analytics' counterfactual costs. Default: DEFAULT_PRICES. */
  prices?: Readonly<Record<string, Price>>;
  /** Where config-change events go after each committed write (ingress drops cached keys); none when absent. */
  publisher?: Publisher;
  /** TOLLGATE_ENCRYPTION_KEY decoded (32 bytes, see decodeEncryptionKey); without it credentials cannot be created. */
  encryptionKey?: Uint8Array;
  /** Current circuit records (the lead wires the KV watch); without it, provider health reports 'unknown'. */
  circuits?: () => readonly CircuitRecord[] | Promise<readonly CircuitRecord[]>;
};

export interface Api {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Refuses new requests (503) and resolves once in-flight ones have finished. Does not close the pools. */
  stop(): Promise<void>;
  health(): Promise<Record<string, 'up' | 'down'>>;
}

export function createApi(deps: ApiDeps): Api {
  const adminHash = deps.adminKeyHash ?? hashApiKey(deps.adminKey ?? '');
  if (!deps.adminKey && !/^[0-9a-f]{64}$/.test(adminHash)) throw new Error('createApi needs adminKey or a sha256 hex adminKeyHash');
  const timeout = deps.healthTimeoutMs ?? 2000;
  const health = async (): Promise<Record<string, 'up' | 'down'>> => {
    const [postgres, clickhouse] = await Promise.all([
      probe(() => sql`SELECT 1`.execute(deps.db), timeout),
      probe(async () => {
        const r = await deps.clickhouse.ping();
        if (!r.success) throw r.error;
      }, timeout),
    ]);
    return { postgres, clickhouse };
  };
  let accepting = true;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const store = createStore(deps.db);
  const auth = createAuth(deps.db, adminHash, deps.now);
  const analytics = createAnalyticsActions({
    store,
    auth,
    clickhouse: deps.clickhouse,
    now: deps.now ?? (() => new Date()),
    prices: deps.prices ?? DEFAULT_PRICES,
    circuits: deps.circuits,
  });
  const handle = createHttpHandler({
    actions: { ...analytics, ...createActions({
      store,
      auth,
      clickhouse: deps.clickhouse,
      now: deps.now ?? (() => new Date()),
      maxBodyBytes: deps.maxBodyBytes ?? 64 * 1024,
      events: createConfigEvents(deps.publisher, deps.logger, deps.now ?? (() => new Date())),
      encryptionKey: deps.encryptionKey,
      openapi: openApiDocument,
    }) },
    health,
    registry: deps.registry ?? new Registry(),
    logger: deps.logger,
    accepting: () => accepting,
  });
  return {
    handler(req, res) {
      inFlight++;
      handle(req, res).finally(() => {
        if (--inFlight === 0) drained?.();
      });
    },
    stop() {
      accepting = false;
      if (inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => {
        drained = resolve;
      });
    },
    health,
  };
}

async function probe(check: () => Promise<unknown>, ms: number): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'down'>((resolve) => {
    timer = setTimeout(() => resolve('down'), ms);
  });
  try {
    return await Promise.race([check().then(() => 'up' as const, () => 'down' as const), expired]);
  } finally {
    clearTimeout(timer);
  }
}
