// Every setting Tollgate reads, its env variable, its YAML key and its default. README's configuration table
// mirrors this file.

export interface Price {
  /** USD per million input (prompt) tokens. */
  input: number;
  /** USD per million output (completion) tokens. */
  output: number;
}

export interface ProviderConfig {
  name: string;
  /** Wire format; only OpenAI-compatible providers exist in this slice. */
  kind: 'openai';
  baseUrl: string;
  apiKey: string;
}

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  adminKey: string | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  natsUrl: string | undefined;
  redisUrl: string | undefined;
  databaseUrl: string | undefined;
  clickhouseUrl: string | undefined;
  /** Where the cache's gRPC server listens, and where ingress dials it (distributed mode). */
  cacheAddr: string;
  /** Where the router's gRPC server listens, and where ingress dials it (distributed mode). */
  routerAddr: string;
  /** Where the api service's HTTP server listens, and where ingress forwards /api/* (distributed mode). */
  apiAddr: string;
  /** Health and metrics HTTP address for services without a public HTTP port (cache, router, ingest, alerts). */
  healthAddr: string | undefined;
  providers: ProviderConfig[];
  prices: Record<string, Price>;
  maxBodyBytes: number;
  cacheTtlSeconds: number;
  cacheMaxEntries: number;
  /** Total deadline for one upstream request, in milliseconds. */
  upstreamTimeoutMs: number;
  circuitFailureThreshold: number;
  circuitOpenMs: number;
  /** How long a SIGTERM waits for in-flight requests and pending events before the process exits. */
  shutdownGraceMs: number;
  /** Batching of the ClickHouse writer. */
  ingestBatchSize: number;
  ingestFlushMs: number;
}

/** Plain (scalar) settings: env name, YAML key, type and default. */
export const SCALARS = {
  host: { env: 'HOST', type: 'string', default: '127.0.0.1' },
  port: { env: 'PORT', type: 'port', default: 8080 },
  dataDir: { env: 'TOLLGATE_DATA_DIR', yaml: 'data_dir', type: 'string', default: './data' },
  adminKey: { env: 'TOLLGATE_ADMIN_KEY', yaml: 'admin_key', type: 'string', default: undefined },
  logLevel: { env: 'LOG_LEVEL', yaml: 'log_level', type: 'enum', values: ['debug', 'info', 'warn', 'error'], default: 'info' },
  natsUrl: { env: 'NATS_URL', yaml: 'nats_url', type: 'url', default: undefined },
  redisUrl: { env: 'REDIS_URL', yaml: 'redis_url', type: 'url', default: undefined },
  databaseUrl: { env: 'DATABASE_URL', yaml: 'database_url', type: 'url', default: undefined },
  clickhouseUrl: { env: 'CLICKHOUSE_URL', yaml: 'clickhouse_url', type: 'url', default: undefined },
  cacheAddr: { env: 'CACHE_ADDR', yaml: 'cache_addr', type: 'addr', default: '127.0.0.1:50051' },
  routerAddr: { env: 'ROUTER_ADDR', yaml: 'router_addr', type: 'addr', default: '127.0.0.1:50052' },
  apiAddr: { env: 'API_ADDR', yaml: 'api_addr', type: 'addr', default: '127.0.0.1:8081' },
  healthAddr: { env: 'HEALTH_ADDR', yaml: 'health_addr', type: 'addr', default: undefined },
  maxBodyBytes: { env: 'TOLLGATE_MAX_BODY_BYTES', yaml: 'max_body_bytes', type: 'int', default: 4 * 1024 * 1024 },
  cacheTtlSeconds: { env: 'TOLLGATE_CACHE_TTL_SECONDS', yaml: 'cache_ttl_seconds', type: 'int', default: 3600 },
  cacheMaxEntries: { env: 'TOLLGATE_CACHE_MAX_ENTRIES', yaml: 'cache_max_entries', type: 'int', default: 10_000 },
  upstreamTimeoutMs: { env: 'TOLLGATE_UPSTREAM_TIMEOUT_MS', yaml: 'upstream_timeout_ms', type: 'int', default: 600_000 },
  circuitFailureThreshold: { env: 'TOLLGATE_CIRCUIT_FAILURES', yaml: 'circuit_failures', type: 'int', default: 5 },
  circuitOpenMs: { env: 'TOLLGATE_CIRCUIT_OPEN_MS', yaml: 'circuit_open_ms', type: 'int', default: 30_000 },
  shutdownGraceMs: { env: 'TOLLGATE_SHUTDOWN_GRACE_MS', yaml: 'shutdown_grace_ms', type: 'int', default: 25_000 },
  ingestBatchSize: { env: 'TOLLGATE_INGEST_BATCH', yaml: 'ingest_batch', type: 'int', default: 1000 },
  ingestFlushMs: { env: 'TOLLGATE_INGEST_FLUSH_MS', yaml: 'ingest_flush_ms', type: 'int', default: 500 },
} as const;

/** USD per million tokens; public list prices of common models. Override or extend with `prices:` in YAML. */
export const DEFAULT_PRICES: Record<string, Price> = {
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'o3-mini': { input: 1.1, output: 4.4 },
  'o4-mini': { input: 1.1, output: 4.4 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
  'text-embedding-3-small': { input: 0.02, output: 0 },
  'text-embedding-3-large': { input: 0.13, output: 0 },
  'claude-3-5-sonnet-20241022': { input: 3, output: 15 },
  'claude-3-5-haiku-20241022': { input: 0.8, output: 4 },
  'claude-sonnet-4-20250514': { input: 3, output: 15 },
  'llama-3.1-8b-instant': { input: 0.05, output: 0.08 },
  'llama-3.3-70b-versatile': { input: 0.59, output: 0.79 },
};
