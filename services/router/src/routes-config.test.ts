import { parseConfig } from '@tollgate/config';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';

// The YAML the router is configured with (providers: kinds, models: aliases), parsed strictly by @tollgate/config.

const load = (yaml: string, env: Record<string, string> = {}) => {
  const problems: string[] = [];
  const config = parseConfig(env, parseYaml(yaml), problems);
  return { config, problems };
};

const EXAMPLE = `
providers:
  openai: { api_key: sk-a, credentials: { team-b: sk-b } }
  groq: { api_key: gsk }
  claude: { kind: anthropic, api_key: ant }
  azure-eu: { kind: azure, base_url: https://eu.openai.azure.com/openai, api_key: az, api_version: 2024-10-21, deployments: { gpt-4o: prod-4o } }
  local: { base_url: http://127.0.0.1:11434/v1 }
models:
  smart:
    strategy: priority
    retries: 1
    timeout_ms: 30000
    targets:
      - { provider: claude, model: claude-sonnet-4-20250514, first_byte_timeout_ms: 5000 }
      - { provider: openai, model: gpt-4o, credential: team-b }
  ab:
    strategy: weighted
    sticky: true
    targets: [{ provider: openai, model: gpt-4o-mini, weight: 9 }, { provider: groq, model: llama-3.1-8b-instant, weight: 1 }]
`;

describe('providers: and models: in YAML', () => {
  it('reads kinds (default: the name when it is a kind, else openai), credentials, azure settings and aliases', () => {
    const { config, problems } = load(EXAMPLE);
    expect(problems).toEqual([]);
    expect(config.providers.map((p) => [p.name, p.kind, p.baseUrl])).toEqual([
      ['openai', 'openai', ''],
      ['groq', 'groq', ''],
      ['claude', 'anthropic', ''],
      ['azure-eu', 'azure', 'https://eu.openai.azure.com/openai'],
      ['local', 'openai', 'http://127.0.0.1:11434/v1'],
    ]);
    expect(config.providers[3]).toMatchObject({ apiVersion: '2024-10-21', deployments: { 'gpt-4o': 'prod-4o' } });
    expect(config.models?.smart).toEqual({ strategy: 'priority', retries: 1, timeoutMs: 30_000, targets: [{ provider: 'claude', model: 'claude-sonnet-4-20250514', firstByteTimeoutMs: 5000 }, { provider: 'openai', model: 'gpt-4o', credential: 'team-b' }] });
    expect(config.models?.ab).toMatchObject({ strategy: 'weighted', sticky: true });
  });

  it('keeps OPENAI_API_KEY working, over a YAML openai entry', () => {
    const { config } = load(EXAMPLE, { OPENAI_API_KEY: 'sk-env' });
    expect(config.providers[0]).toMatchObject({ name: 'openai', apiKey: 'sk-env', baseUrl: 'https://api.openai.com/v1', credentials: { 'team-b': 'sk-b' } });
  });

  it('reports every problem together: unknown keys, kinds, providers, credentials, strategies', () => {
    const { problems } = load(`
providers:
  x: { kind: nope, api_key: k, colour: red }
  az: { kind: azure }
models:
  m: { strategy: fastest, targets: [{ provider: ghost, model: a }, { provider: x, model: b, credential: missing, wieght: 2 }], extra: 1 }
  empty: { targets: [] }
`);
    expect(problems).toEqual([
      'providers.x: unknown key "colour"',
      'providers.x.kind must be one of openai, azure, anthropic, gemini, groq, mistral, together, fireworks, deepseek, openrouter, xai, perplexity, ollama, vllm, localai, lmstudio, got "nope"',
      'providers.az.base_url is required for kind azure (https://<resource>.openai.azure.com/openai)',
      'models.m: unknown key "extra"',
      'models.m.strategy must be one of priority, weighted, latency, cost',
      'models.m.targets[0].provider "ghost" is not a configured provider',
      'models.m.targets[1]: unknown key "wieght"',
      'models.m.targets[1].credential "missing" is not in providers.x.credentials',
      'models.empty.targets must be a non-empty list of {provider, model}',
    ]);
  });
});
