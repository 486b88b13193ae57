// Every setting Tollgate reads, its env variable, its YAML key and its default. README's configuration table
// mirrors this file.

export interface Price {
  /** USD per million input (prompt) tokens. */
  input: number;
  /** USD per million output (completion) tokens. */
  output: number;
}

/** Wire formats and vendors the router has an adapter for (services/router/src/providers). */
export const PROVIDER_KINDS = [
  'openai', 'azure', 'anthropic', 'gemini', 'groq', 'mistral', 'together', 'fireworks', 'deepseek', 'openrouter',
  'xai', 'perplexity', 'ollama', 'vllm', 'localai', 'lmstudio',
] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export interface ProviderConfig {
  name: string;
  /** Wire format / vendor (default: the provider's name when it is a kind, else "openai", i.e. OpenAI-compatible). */
  kind: ProviderKind;
  /** '' means the kind's default base URL (the router knows them; azure has none). */
  baseUrl: string;
  apiKey: string;
  /** More API keys by name; a route target picks one with `credential`. */
  credentials?: Record<string, string>;
  /** azure: api-version query parameter; anthropic: anthropic-version header. */
  apiVersion?: string;
  /** azure: deployment name by model (a model without an entry is used as the deployment name). */
  deployments?: Record<string, string>;
}

export type RouteStrategy = 'priority' | 'weighted' | 'latency' | 'cost';

/** One place a model alias may be served from. */
export interface RouteTargetConfig {
  provider: string;
  model: string;
  /** Share of traffic under the weighted strategy (default 1). */
  weight?: number;
  /** Name of one of the provider's `credentials` (default: its api_key). */
  credential?: string;
  /** Per attempt: total time, time to the response head, time to connect. */
  timeoutMs?: number;
  firstByteTimeoutMs?: number;
  connectTimeoutMs?: number;
}

/** YAML `models.<alias>`: how requests for a model name are routed. */
export interface RouteConfig {
  strategy: RouteStrategy;
  targets: RouteTargetConfig[];
  /** weighted: the same user (body `user`, else the project) always gets the same first target. */
  sticky?: boolean;
  /** Total deadline of a request for this alias, all attempts included (a request's own deadline_ms wins). */
  timeoutMs?: number;
  /** Retries of the same target on 429, 5xx, timeouts and lost connections (default 0). */
  retries?: number;
}

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  adminKey: string | undefined;
  /** Secret: AES-256 key (32 bytes as hex or base64) that encrypts stored provider credentials. */
  encryptionKey: string | undefined;
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
  /** Where ingress serves the public gRPC service tollgate.v1.Gateway (both modes). */
  gatewayGrpcAddr: string;
  /** Health and metrics HTTP address for services without a public HTTP port (cache, router, ingest, alerts). */
  healthAddr: string | undefined;
  providers: ProviderConfig[];
  prices: Record<string, Price>;
  /** YAML `models:`: model aliases and how they are routed (absent: no aliases). */
  models?: Record<string, RouteConfig>;
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
  /** Days raw rows (requests, SDK events) are kept in ClickHouse; rollups are kept forever. */
  rawRetentionDays: number;
  /** Nice levels (0-19) the process's helper threads (GC, libuv pool, chDB) sit below the event loop; 0: level with it. */
  helperThreadNice: number;
  /**
   * Default store_bodies of projects that did not choose their own (PATCH /api/v1/projects/{id}): 'off', 'redacted'
   * (e-mails, keys and card numbers masked) or 'full'. Covers gateway request and response bodies and SDK prompts,
   * responses and tool input/output.
   */
  storeBodies: 'off' | 'redacted' | 'full';
  /** When the rate-limit and budget store (Redis) cannot answer: admit unchecked ('open') or refuse with 503. */
  limitsFailPolicy: 'open' | 'closed';
  /** IANA time zone in which daily and monthly budgets reset. */
  budgetTimeZone: string;
}

/** Plain (scalar) settings: env name, YAML key, type and default. */
export const SCALARS = {
  host: { env: 'HOST', type: 'string', default: '127.0.0.1' },
  port: { env: 'PORT', type: 'port', default: 8080 },
  dataDir: { env: 'TOLLGATE_DATA_DIR', yaml: 'data_dir', type: 'string', default: './data' },
  adminKey: { env: 'TOLLGATE_ADMIN_KEY', yaml: 'admin_key', type: 'string', default: undefined },
  encryptionKey: { env: 'TOLLGATE_ENCRYPTION_KEY', yaml: 'encryption_key', type: 'key32', default: undefined },
  logLevel: { env: 'LOG_LEVEL', yaml: 'log_level', type: 'enum', values: ['debug', 'info', 'warn', 'error'], default: 'info' },
  natsUrl: { env: 'NATS_URL', yaml: 'nats_url', type: 'url', default: undefined },
  redisUrl: { env: 'REDIS_URL', yaml: 'redis_url', type: 'url', default: undefined },
  databaseUrl: { env: 'DATABASE_URL', yaml: 'database_url', type: 'url', default: undefined },
  clickhouseUrl: { env: 'CLICKHOUSE_URL', yaml: 'clickhouse_url', type: 'url', default: undefined },
  cacheAddr: { env: 'CACHE_ADDR', yaml: 'cache_addr', type: 'addr', default: '127.0.0.1:50051' },
  routerAddr: { env: 'ROUTER_ADDR', yaml: 'router_addr', type: 'addr', default: '127.0.0.1:50052' },
  apiAddr: { env: 'API_ADDR', yaml: 'api_addr', type: 'addr', default: '127.0.0.1:8081' },
  gatewayGrpcAddr: { env: 'GATEWAY_GRPC_ADDR', yaml: 'gateway_grpc_addr', type: 'addr', default: '127.0.0.1:50050' },
  healthAddr: { env: 'HEALTH_ADDR', yaml: 'health_addr', type: 'addr', default: undefined },
  maxBodyBytes: { env: 'TOLLGATE_MAX_BODY_BYTES', yaml: 'max_body_bytes', type: 'int', default: 4 * 1024 * 1024 },
  cacheTtlSeconds: { env: 'TOLLGATE_CACHE_TTL_SECONDS', yaml: 'cache_ttl_seconds', type: 'int', default: 3600 },
  cacheMaxEntries: { env: 'TOLLGATE_CACHE_MAX_ENTRIES', yaml: 'cache_max_entries', type: 'int', default: 10_000 },
  upstreamTimeoutMs: { env: 'TOLLGATE_UPSTREAM_TIMEOUT_MS', yaml: 'upstream_timeout_ms', type: 'int', default: 600_000 },
  circuitFailureThreshold: { env: 'TOLLGATE_CIRCUIT_FAILURES', yaml: 'circuit_failures', type: 'int', default: 5 },
  circuitOpenMs: { env: 'TOLLGATE_CIRCUIT_OPEN_MS', yaml: 'circuit_open_ms', type: 'int', default: 30_000 },
  shutdownGraceMs: { env: 'TOLLGATE_SHUTDOWN_GRACE_MS', yaml: 'shutdown_grace_ms', type: 'int', default: 25_000 },
  ingestBatchSize: { env: 'TOLLGATE_INGEST_BATCH', yaml: 'ingest_batch', type: 'int', default: 5000 },
  ingestFlushMs: { env: 'TOLLGATE_INGEST_FLUSH_MS', yaml: 'ingest_flush_ms', type: 'int', default: 1000 },
  helperThreadNice: { env: 'TOLLGATE_HELPER_THREAD_NICE', yaml: 'helper_thread_nice', type: 'int', max: 19, default: 5 },
  rawRetentionDays: { env: 'TOLLGATE_RAW_RETENTION_DAYS', yaml: 'raw_retention_days', type: 'int', default: 30 },
  storeBodies: { env: 'TOLLGATE_STORE_BODIES', yaml: 'store_bodies', type: 'enum', values: ['off', 'redacted', 'full'], default: 'off' },
  limitsFailPolicy: { env: 'TOLLGATE_LIMITS_FAIL', yaml: 'limits_fail', type: 'enum', values: ['open', 'closed'], default: 'open' },
  budgetTimeZone: { env: 'TOLLGATE_BUDGET_TIMEZONE', yaml: 'budget_timezone', type: 'timezone', default: 'UTC' },
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
