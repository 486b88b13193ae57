import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_PRICES, PROVIDER_KINDS, type ProviderKind, type RouteConfig, type RouteTargetConfig, SCALARS, type Config, type Price, type ProviderConfig } from './schema.ts';

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;
type Yaml = Record<string, unknown>;

/**
 * Reads the configuration once: YAML file named by TOLLGATE_CONFIG (optional), then env on top. Every problem
 * is collected and thrown together as one ConfigError.
 */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  let yaml: Yaml = {};
  const file = env.TOLLGATE_CONFIG;
  if (file) {
    try {
      const doc = parseYaml(fs.readFileSync(file, 'utf8')) ?? {};
      if (typeof doc !== 'object' || Array.isArray(doc)) problems.push(`${file}: the top level must be a mapping`);
      else yaml = doc as Yaml;
    } catch (err) {
      problems.push(`TOLLGATE_CONFIG=${file}: ${(err as Error).message}`);
    }
  }
  const config = parseConfig(env, yaml, problems);
  if (problems.length) throw new ConfigError(problems);
  return config;
}

export function parseConfig(env: Env, yaml: Yaml, problems: string[]): Config {
  const known = new Set<string>(['providers', 'prices', 'models']);
  const out: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(SCALARS)) {
    const yamlKey = 'yaml' in spec ? spec.yaml : spec.env.toLowerCase();
    known.add(yamlKey);
    const fromEnv = env[spec.env];
    const raw = fromEnv !== undefined && fromEnv !== '' ? fromEnv : yaml[yamlKey];
    const where = fromEnv !== undefined && fromEnv !== '' ? spec.env : `${yamlKey} (YAML)`;
    out[field] = raw === undefined || raw === null ? spec.default : scalar(spec, raw, where, problems);
  }
  for (const key of Object.keys(yaml)) if (!known.has(key)) problems.push(`unknown YAML key "${key}"`);
  for (const key of Object.keys(env)) {
    if (key.startsWith('TOLLGATE_') && key !== 'TOLLGATE_CONFIG' && !Object.values(SCALARS).some((s) => s.env === key)) {
      problems.push(`unknown variable ${key}`);
    }
  }
  const list = providers(env, yaml, problems);
  const config: Config = { ...(out as Omit<Config, 'providers' | 'prices'>), providers: list, prices: prices(yaml, problems) };
  if (yaml.models !== undefined && yaml.models !== null) config.models = parseModels(yaml.models, list, problems);
  return config;
}

type Spec = (typeof SCALARS)[keyof typeof SCALARS];

function scalar(spec: Spec, raw: unknown, where: string, problems: string[]): unknown {
  const s = String(raw).trim();
  switch (spec.type) {
    case 'string':
      return s;
    case 'int':
    case 'port': {
      const n = Number(s);
      const max = spec.type === 'port' ? 65535 : 'max' in spec ? spec.max : Number.MAX_SAFE_INTEGER;
      if (!/^\d+$/.test(s) || n > max) problems.push(`${where} must be a whole number${max < Number.MAX_SAFE_INTEGER ? ` from 0 to ${max}` : ''}, got "${s}"`);
      return n;
    }
    case 'enum':
      if (!(spec.values as readonly string[]).includes(s)) problems.push(`${where} must be one of ${spec.values.join(', ')}, got "${s}"`);
      return s;
    case 'url':
      if (!URL.canParse(s)) problems.push(`${where} must be a URL, got "${redact(s)}"`);
      return s;
    case 'key32':
      // A secret: the value is never echoed. Same rule as @tollgate/db decodeEncryptionKey.
      if (!/^[0-9a-fA-F]{64}$/.test(s) && !(/^[A-Za-z0-9+/_-]{43}=?$/.test(s) && Buffer.from(s, 'base64').length === 32)) {
        problems.push(`${where} must be 32 bytes as 64 hex characters or base64 (e.g. \`openssl rand -base64 32\`); the value is not shown`);
      }
      return s;
    case 'timezone':
      if (!isTimeZone(s)) problems.push(`${where} must be an IANA time zone such as UTC or Europe/Berlin, got "${s}"`);
      return s;
    case 'addr':
      if (!/^[^\s:]+:\d{1,5}$/.test(s)) problems.push(`${where} must be host:port, got "${s}"`);
      return s;
  }
}

const PROVIDER_KEYS = new Set(['kind', 'base_url', 'api_key', 'credentials', 'api_version', 'deployments']);

/**
 * `OPENAI_API_KEY` (+ `OPENAI_BASE_URL`) registers provider "openai"; YAML `providers:` adds more. A provider's
 * kind defaults to its name when that is a kind (`groq: {api_key}` is enough), else to "openai" (compatible).
 */
function providers(env: Env, yaml: Yaml, problems: string[]): ProviderConfig[] {
  const list: ProviderConfig[] = [];
  const raw = yaml.providers ?? {};
  if (!isMap(raw)) problems.push('providers (YAML) must be a mapping of name to {kind, base_url, api_key, ...}');
  else {
    for (const [name, p] of Object.entries(raw)) {
      const v = (p ?? {}) as Record<string, unknown>;
      if (!isMap(v)) {
        problems.push(`providers.${name} must be a mapping`);
        continue;
      }
      for (const k of Object.keys(v)) if (!PROVIDER_KEYS.has(k)) problems.push(`providers.${name}: unknown key "${k}"`);
      const kind = String(v.kind ?? (isKind(name) ? name : 'openai'));
      if (!isKind(kind)) problems.push(`providers.${name}.kind must be one of ${PROVIDER_KINDS.join(', ')}, got "${kind}"`);
      const baseUrl = v.base_url === undefined ? '' : String(v.base_url);
      if (baseUrl && !URL.canParse(baseUrl)) problems.push(`providers.${name}.base_url must be a URL`);
      if (!baseUrl && kind === 'azure') problems.push(`providers.${name}.base_url is required for kind azure (https://<resource>.openai.azure.com/openai)`);
      const cfg: ProviderConfig = { name, kind: isKind(kind) ? kind : 'openai', baseUrl: baseUrl.replace(/\/+$/, ''), apiKey: String(v.api_key ?? '') };
      if (v.credentials !== undefined) cfg.credentials = stringMap(v.credentials, `providers.${name}.credentials`, problems);
      if (v.deployments !== undefined) cfg.deployments = stringMap(v.deployments, `providers.${name}.deployments`, problems);
      if (v.api_version !== undefined) cfg.apiVersion = String(v.api_version);
      list.push(cfg);
    }
  }
  if (env.OPENAI_API_KEY) {
    const baseUrl = env.OPENAI_BASE_URL || 'https://api.openai.com/v1';
    if (!URL.canParse(baseUrl)) problems.push(`OPENAI_BASE_URL must be a URL, got "${baseUrl}"`);
    const idx = list.findIndex((p) => p.name === 'openai');
    const openai: ProviderConfig = { ...list[idx], name: 'openai', kind: 'openai', baseUrl: baseUrl.replace(/\/+$/, ''), apiKey: env.OPENAI_API_KEY };
    if (idx >= 0) list[idx] = openai;
    else list.unshift(openai);
  } else if (env.OPENAI_BASE_URL) problems.push('OPENAI_BASE_URL is set but OPENAI_API_KEY is not');
  return list;
}

const STRATEGIES = ['priority', 'weighted', 'latency', 'cost'];
const MODEL_KEYS = new Set(['strategy', 'targets', 'sticky', 'timeout_ms', 'retries']);
const TARGET_KEYS = new Set(['provider', 'model', 'weight', 'credential', 'timeout_ms', 'first_byte_timeout_ms', 'connect_timeout_ms']);

/** YAML `models:`: alias -> {strategy, targets: [{provider, model, weight?, credential?, *_timeout_ms?}], ...}. */
export function parseModels(raw: unknown, providers: readonly ProviderConfig[], problems: string[]): Record<string, RouteConfig> {
  const out: Record<string, RouteConfig> = {};
  if (!isMap(raw)) {
    problems.push('models (YAML) must be a mapping of alias to {strategy, targets}');
    return out;
  }
  for (const [alias, m] of Object.entries(raw)) {
    const at = `models.${alias}`;
    if (!isMap(m)) {
      problems.push(`${at} must be a mapping`);
      continue;
    }
    for (const k of Object.keys(m)) if (!MODEL_KEYS.has(k)) problems.push(`${at}: unknown key "${k}"`);
    const strategy = String(m.strategy ?? 'priority');
    if (!STRATEGIES.includes(strategy)) problems.push(`${at}.strategy must be one of ${STRATEGIES.join(', ')}`);
    const targets = Array.isArray(m.targets) ? m.targets.map((t, i) => parseTarget(t, `${at}.targets[${i}]`, providers, problems)) : [];
    if (!targets.length) problems.push(`${at}.targets must be a non-empty list of {provider, model}`);
    const route: RouteConfig = { strategy: strategy as RouteConfig['strategy'], targets };
    if (m.sticky !== undefined) route.sticky = m.sticky === true;
    if (m.timeout_ms !== undefined) route.timeoutMs = wholeNumber(m.timeout_ms, `${at}.timeout_ms`, problems);
    if (m.retries !== undefined) route.retries = wholeNumber(m.retries, `${at}.retries`, problems);
    out[alias] = route;
  }
  return out;
}

function parseTarget(raw: unknown, at: string, providers: readonly ProviderConfig[], problems: string[]): RouteTargetConfig {
  const t = isMap(raw) ? raw : {};
  if (!isMap(raw)) problems.push(`${at} must be a mapping {provider, model}`);
  for (const k of Object.keys(t)) if (!TARGET_KEYS.has(k)) problems.push(`${at}: unknown key "${k}"`);
  const provider = providers.find((p) => p.name === String(t.provider ?? ''));
  if (!provider) problems.push(`${at}.provider "${String(t.provider ?? '')}" is not a configured provider`);
  if (typeof t.model !== 'string' || !t.model) problems.push(`${at}.model must be a model name`);
  const target: RouteTargetConfig = { provider: String(t.provider ?? ''), model: String(t.model ?? '') };
  if (t.weight !== undefined) {
    target.weight = Number(t.weight);
    if (!(target.weight >= 0)) problems.push(`${at}.weight must be a non-negative number`);
  }
  if (t.credential !== undefined) {
    target.credential = String(t.credential);
    if (provider && !Object.hasOwn(provider.credentials ?? {}, target.credential)) problems.push(`${at}.credential "${target.credential}" is not in providers.${provider.name}.credentials`);
  }
  if (t.timeout_ms !== undefined) target.timeoutMs = wholeNumber(t.timeout_ms, `${at}.timeout_ms`, problems);
  if (t.first_byte_timeout_ms !== undefined) target.firstByteTimeoutMs = wholeNumber(t.first_byte_timeout_ms, `${at}.first_byte_timeout_ms`, problems);
  if (t.connect_timeout_ms !== undefined) target.connectTimeoutMs = wholeNumber(t.connect_timeout_ms, `${at}.connect_timeout_ms`, problems);
  return target;
}

function isKind(s: string): s is ProviderKind {
  return (PROVIDER_KINDS as readonly string[]).includes(s);
}

function isMap(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function stringMap(v: unknown, at: string, problems: string[]): Record<string, string> {
  if (!isMap(v)) {
    problems.push(`${at} must be a mapping of name to string`);
    return {};
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
}

function wholeNumber(v: unknown, at: string, problems: string[]): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) problems.push(`${at} must be a whole number`);
  return n;
}

function prices(yaml: Yaml, problems: string[]): Record<string, Price> {
  const out = { ...DEFAULT_PRICES };
  const raw = yaml.prices ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push('prices (YAML) must be a mapping of model to {input, output} USD per million tokens');
    return out;
  }
  for (const [model, p] of Object.entries(raw as Record<string, unknown>)) {
    const v = (p ?? {}) as Record<string, unknown>;
    const input = Number(v.input), output = Number(v.output);
    if (!(input >= 0) || !(output >= 0)) problems.push(`prices.${model} needs non-negative numbers input and output (USD per million tokens)`);
    else out[model] = { input, output };
  }
  return out;
}

/** Hides credentials in a URL before it is shown. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}

/** For entry points: the configuration, or every problem printed to stderr and exit status 2. */
export function loadConfigOrExit(env: Env = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
