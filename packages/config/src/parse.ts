import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_PRICES, SCALARS, type Config, type Price, type ProviderConfig } from './schema.ts';

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
  const known = new Set<string>(['providers', 'prices']);
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
  return { ...(out as Omit<Config, 'providers' | 'prices'>), providers: providers(env, yaml, problems), prices: prices(yaml, problems) };
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
      const max = spec.type === 'port' ? 65535 : Number.MAX_SAFE_INTEGER;
      if (!/^\d+$/.test(s) || n > max) problems.push(`${where} must be a whole number${spec.type === 'port' ? ' from 0 to 65535' : ''}, got "${s}"`);
      return n;
    }
    case 'enum':
      if (!(spec.values as readonly string[]).includes(s)) problems.push(`${where} must be one of ${spec.values.join(', ')}, got "${s}"`);
      return s;
    case 'url':
      if (!URL.canParse(s)) problems.push(`${where} must be a URL, got "${redact(s)}"`);
      return s;
    case 'addr':
      if (!/^[^\s:]+:\d{1,5}$/.test(s)) problems.push(`${where} must be host:port, got "${s}"`);
      return s;
  }
}

/** `OPENAI_API_KEY` (+ `OPENAI_BASE_URL`) registers provider "openai"; YAML `providers:` adds more. */
function providers(env: Env, yaml: Yaml, problems: string[]): ProviderConfig[] {
  const list: ProviderConfig[] = [];
  const raw = yaml.providers ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) problems.push('providers (YAML) must be a mapping of name to {base_url, api_key}');
  else {
    for (const [name, p] of Object.entries(raw as Record<string, unknown>)) {
      const v = (p ?? {}) as Record<string, unknown>;
      const baseUrl = String(v.base_url ?? '');
      if (!URL.canParse(baseUrl)) problems.push(`providers.${name}.base_url must be a URL`);
      if ((v.kind ?? 'openai') !== 'openai') problems.push(`providers.${name}.kind: only "openai" (OpenAI-compatible) is supported`);
      list.push({ name, kind: 'openai', baseUrl: baseUrl.replace(/\/+$/, ''), apiKey: String(v.api_key ?? '') });
    }
  }
  if (env.OPENAI_API_KEY) {
    const baseUrl = env.OPENAI_BASE_URL || 'https://api.openai.com/v1';
    if (!URL.canParse(baseUrl)) problems.push(`OPENAI_BASE_URL must be a URL, got "${baseUrl}"`);
    const idx = list.findIndex((p) => p.name === 'openai');
    const openai: ProviderConfig = { name: 'openai', kind: 'openai', baseUrl: baseUrl.replace(/\/+$/, ''), apiKey: env.OPENAI_API_KEY };
    if (idx >= 0) list[idx] = openai;
    else list.unshift(openai);
  } else if (env.OPENAI_BASE_URL) problems.push('OPENAI_BASE_URL is set but OPENAI_API_KEY is not');
  return list;
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
