// A small HTTP server speaking the subset of ClickHouse's HTTP interface that @clickhouse/client uses, backed by
// chDB (embedded ClickHouse). Lets separate processes (ingest, api, benchmarks) share one real ClickHouse engine on
// a machine without a ClickHouse server: chDB binds one data directory per process, so this process owns it.
//
// Execution model: a pool of chDB Sessions on the same data directory. Each Session is its own native connection
// with its own query context (current database, settings), and runs one request at a time; a request's default
// database is applied with `USE`, its settings with `SET` before and `SET x = DEFAULT` after, so nothing leaks to
// the next request on that Session. Bound parameters go through chDB's server-side binding (values never enter the
// SQL); libchdb's parameter state is process-wide, so parameterized statements are serialized across the pool.

import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { compress, decodeBody, emptyOutcome, HttpError, type Outcome, parseMultipart, pickEncoding, readBody, sendError, sendOk } from './http-wire.ts';

export interface ChdbServerOptions {
  /** Interface to bind; loopback by default. */
  host?: string;
  /** TCP port; 0 picks a free one. Defaults to 8123. */
  port?: number;
  /** chDB data directory (created if missing). */
  path: string;
  /** Number of chDB sessions serving requests concurrently. Defaults to 4. */
  poolSize?: number;
}

export interface ChdbServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface NativeQueryResult {
  bytes: Uint8Array;
  elapsed: number;
  rowsRead: number;
  bytesRead: number;
}

interface NativeInsertResult {
  elapsed: number;
  rowsWritten: number;
  bytesWritten: number;
}

interface ChdbNative {
  QueryAsyncConnection(conn: unknown, sql: string, format: string, params?: Record<string, string>): Promise<NativeQueryResult>;
  InsertRawAsyncConnection(conn: unknown, prefix: string, data: Buffer, countLines: boolean): Promise<NativeInsertResult>;
}

interface ChdbSession {
  connection: unknown;
  close(): void;
}

interface ChdbModule {
  Session: new (path: string) => ChdbSession;
  drainPending(): Promise<void>;
}

// chDB's public Session.queryBindAsync re-escapes string values, but @clickhouse/client sends `param_*` values
// already in ClickHouse's escaped text form (exactly what the HTTP server hands to the engine), so the statements
// run through the same native entry points the package uses, with the values passed through untouched.
const requireHere = createRequire(import.meta.url);
const chdbEntry = requireHere.resolve('chdb');
const chdb = requireHere(chdbEntry) as ChdbModule;
const native = createRequire(chdbEntry)('./dist/loader.js').loadNative() as ChdbNative;

/** URL parameters that are not ClickHouse settings (or are HTTP-layer settings chDB does not know): ignored. */
const NON_SETTINGS = new Set([
  'query',
  'database',
  'default_format',
  'query_id',
  'session_id',
  'session_timeout',
  'session_check',
  'compress',
  'decompress',
  'enable_http_compression',
  'http_zlib_compression_level',
  'http_response_compression_method',
  'http_native_compression_disable_checksumming_on_decompress',
  'wait_end_of_query',
  'http_wait_end_of_query',
  'send_progress_in_http_headers',
  'http_headers_progress_interval_ms',
  'http_send_progress_interval_ms',
  'http_response_buffer_size',
  'buffer_size',
  'cancel_http_readonly_queries_on_client_close',
  'add_http_cors_header',
  'user',
  'password',
  'quota_key',
  'role',
]);

let engineVersion = 'unknown';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INSERT_WITH_FORMAT = /^\s*INSERT\s+INTO\s[\s\S]*\sFORMAT\s+[A-Za-z0-9_]+\s*$/i;
const TRAILING_FORMAT = /\sFORMAT\s+([A-Za-z0-9_]+)\s*;?\s*$/i;

interface Slot {
  session: ChdbSession;
  database: string | null;
}

interface Request {
  sql: string;
  /** Raw insert: `sql` is the `INSERT ... FORMAT X` prefix and these are the rows. */
  insertData?: Buffer;
  database: string;
  settings: Array<[string, string]>;
  params: Record<string, string> | undefined;
  format: string;
}

export async function startChdbServer(opts: ChdbServerOptions): Promise<ChdbServer> {
  const host = opts.host ?? '127.0.0.1';
  const dataPath = resolvePath(opts.path);
  mkdirSync(dataPath, { recursive: true });
  const poolSize = Math.max(1, opts.poolSize ?? 4);

  const free: Slot[] = [];
  const waiters: Array<(slot: Slot) => void> = [];
  for (let i = 0; i < poolSize; i++) free.push({ session: new chdb.Session(dataPath), database: null });
  const allSlots = new Set<Slot>(free);
  let inFlight = 0;
  let idle: (() => void) | null = null;
  let closing = false;

  // libchdb keeps bound-parameter state per process, not per connection: one parameterized statement at a time.
  let paramTail: Promise<unknown> = Promise.resolve();
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = paramTail.then(fn, fn);
    paramTail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  function acquire(): Promise<Slot> {
    const slot = free.pop();
    if (slot) return Promise.resolve(slot);
    return new Promise((resolve) => waiters.push(resolve));
  }
  function release(slot: Slot): void {
    const next = waiters.shift();
    if (next) next(slot);
    else free.push(slot);
  }
  /** Replace a session whose context may hold state we cannot undo (a client `SET`, a failed reset). */
  function renew(slot: Slot): void {
    try {
      slot.session.close();
    } catch {
      // close never throws per its contract; be defensive anyway
    }
    slot.session = new chdb.Session(dataPath);
    slot.database = null;
  }

  let timezone = 'UTC';
  try {
    const r = await native.QueryAsyncConnection((free[0] as Slot).session.connection, 'SELECT timezone(), version()', 'TabSeparatedRaw');
    const [tz, version] = Buffer.from(r.bytes).toString('utf8').trim().split('\t');
    if (tz) timezone = tz;
    if (version) engineVersion = version;
  } catch {
    // headers fall back to UTC / unknown
  }

  async function execute(req: Request): Promise<Outcome> {
    const slot = await acquire();
    try {
      const conn = () => slot.session.connection;
      if (slot.database !== req.database) {
        slot.database = null;
        await native.QueryAsyncConnection(conn(), `USE ${quoteIdent(req.database)}`, 'TabSeparated');
        slot.database = req.database;
      }
      if (req.settings.length > 0) {
        try {
          await native.QueryAsyncConnection(conn(), `SET ${req.settings.map(([k, v]) => `${k} = ${v}`).join(', ')}`, 'TabSeparated');
        } catch (err) {
          renew(slot); // a partially applied SET must not leak
          throw err;
        }
      }
      try {
        if (req.insertData) {
          const r = await native.InsertRawAsyncConnection(conn(), req.sql, req.insertData, false);
          return { bytes: new Uint8Array(0), readRows: r.rowsWritten, readBytes: r.bytesWritten, writtenRows: r.rowsWritten, writtenBytes: r.bytesWritten, elapsed: r.elapsed };
        }
        const params = req.params;
        const r = params
          ? await exclusive(() => native.QueryAsyncConnection(conn(), req.sql, req.format, params))
          : await native.QueryAsyncConnection(conn(), req.sql, req.format);
        return { bytes: r.bytes, readRows: r.rowsRead, readBytes: r.bytesRead, writtenRows: 0, writtenBytes: 0, elapsed: r.elapsed };
      } finally {
        if (/^\s*SET\s/i.test(req.sql)) {
          renew(slot); // over HTTP without a session, a SET affects nothing after its own request
        } else {
          if (/^\s*USE\s/i.test(req.sql)) slot.database = null;
          if (req.settings.length > 0) {
            try {
              await native.QueryAsyncConnection(conn(), `SET ${req.settings.map(([k]) => `${k} = DEFAULT`).join(', ')}`, 'TabSeparated');
            } catch {
              renew(slot);
            }
          }
        }
      }
    } finally {
      release(slot);
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const queryId = randomUUID();
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://localhost');
    } catch {
      return sendError(response, queryId, engineVersion, new HttpError(400, 1001, 'BAD_REQUEST_PARAMETER', 'Malformed request URL'));
    }
    const requestQueryId = url.searchParams.get('query_id') || queryId;
    try {
      const pathname = url.pathname;
      if (pathname === '/ping' || pathname === '/replicas_status') {
        await readBody(request);
        response.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8' });
        response.end('Ok.\n');
        return;
      }
      if (pathname !== '/' && pathname !== '') {
        await readBody(request);
        throw new HttpError(404, 1001, 'NOT_FOUND', `There is no handle ${pathname}. Use / or /ping`);
      }
      if (url.searchParams.get('decompress') === '1') {
        throw new HttpError(400, 1001, 'BAD_REQUEST_PARAMETER', 'decompress=1 (ClickHouse native block compression) is not supported by chdb-server; use Content-Encoding: gzip');
      }
      let body = decodeBody(await readBody(request), request.headers['content-encoding']);

      const params: Record<string, string> = {};
      let urlQuery = url.searchParams.get('query') ?? '';
      const contentType = String(request.headers['content-type'] ?? '');
      const multipart = /^multipart\/form-data;.*boundary=("?)([^";]+)\1/i.exec(contentType);
      if (multipart) {
        for (const [name, value] of parseMultipart(body, multipart[2] as string)) {
          if (name === 'query') urlQuery = urlQuery ? `${urlQuery}\n${value}` : value;
          else if (name.startsWith('param_')) params[name.slice(6)] = value;
        }
        body = Buffer.alloc(0);
      }

      const settings: Array<[string, string]> = [];
      for (const [key, value] of url.searchParams) {
        if (key.startsWith('param_')) {
          params[key.slice(6)] = value;
          continue;
        }
        if (NON_SETTINGS.has(key)) continue;
        if (!IDENTIFIER.test(key)) throw new HttpError(400, 115, 'UNKNOWN_SETTING', `Unknown setting '${key}'`);
        settings.push([key, settingLiteral(value)]);
      }
      const database = url.searchParams.get('database') || 'default';
      const defaultFormat = url.searchParams.get('default_format') || 'TabSeparated';
      if (!IDENTIFIER.test(defaultFormat)) throw new HttpError(400, 73, 'UNKNOWN_FORMAT', `Unknown format ${defaultFormat}`);
      const hasParams = Object.keys(params).length > 0;

      let req: Request;
      const bodyIsBlank = body.length === 0 || body.toString('utf8').trim() === '';
      if (urlQuery && INSERT_WITH_FORMAT.test(urlQuery) && !hasParams) {
        if (bodyIsBlank) {
          // an INSERT without rows: ClickHouse's client-side no-op; chDB would refuse "No data to insert"
          return sendOk(response, requestQueryId, defaultFormat, timezone, new Uint8Array(0), emptyOutcome());
        }
        req = { sql: urlQuery.trim(), insertData: body, database, settings, params: undefined, format: defaultFormat };
      } else {
        const bodyText = body.toString('utf8');
        const sql = urlQuery && bodyText ? `${urlQuery}\n${bodyText}` : urlQuery || bodyText;
        if (sql.trim() === '') {
          if (request.method === 'GET' || request.method === 'HEAD') {
            response.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8' });
            response.end('Ok.\n');
            return;
          }
          throw new HttpError(400, 62, 'SYNTAX_ERROR', 'Empty query');
        }
        req = { sql, database, settings, params: hasParams ? params : undefined, format: defaultFormat };
      }

      if (closing) throw new HttpError(503, 1001, 'ABORTED', 'Server is shutting down');
      inFlight++;
      let outcome: Outcome;
      try {
        outcome = await execute(req);
      } finally {
        inFlight--;
        if (inFlight === 0 && idle) idle();
      }
      const format = req.insertData ? defaultFormat : (TRAILING_FORMAT.exec(req.sql)?.[1] ?? defaultFormat);
      const enc = url.searchParams.get('enable_http_compression') === '1' ? pickEncoding(request.headers['accept-encoding']) : undefined;
      let payload: Uint8Array = outcome.bytes;
      const extra: Record<string, string> = {};
      if (enc) {
        payload = compress(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength), enc);
        extra['Content-Encoding'] = enc;
      }
      sendOk(response, requestQueryId, format, timezone, payload, outcome, extra);
    } catch (err) {
      sendError(response, requestQueryId, engineVersion, err);
    }
  }

  // Query parameters travel in the URL (@clickhouse/client sends param_<name>): an IN list of a few thousand ids
  // is far over Node's 16 KiB header limit. ClickHouse's own http_max_uri_size is 1 MiB; allow as much here.
  const server: Server = createServer({ maxHeaderSize: 1024 * 1024 }, (request, response) => {
    handle(request, response).catch((err) => sendError(response, randomUUID(), engineVersion, err));
  });
  server.keepAliveTimeout = 10_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8123, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closed: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close() {
      closed ??= (async () => {
        closing = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
        server.closeAllConnections();
        await stopped;
        for (const slot of allSlots) slot.session.close();
        await chdb.drainPending();
      })();
      return closed;
    },
  };
}

function settingLiteral(value: string): string {
  if (/^-?\d+(\.\d+)?$/.test(value)) return value;
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function quoteIdent(name: string): string {
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

