// Routing through the running all-in-one gateway, configured by YAML: an alias that falls back from a failing
// target, an Anthropic-format provider behind the OpenAI SDK, a stream cut mid-way, and the response headers that
// say what happened. Then a project's own routes and credential, managed through the api, served without a restart.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM helper shared with bench/
import { gatewayEnv, startAllInOne } from '../bench/gateways.mjs';
import { startUpstream, type Upstream } from './upstream.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('routing (all-in-one, YAML routes)', () => {
  let upstream: Upstream;
  let gw: { url: string; base: string; key: string; projectId: string; adminKey: string; stop(): Promise<void> };
  let client: OpenAI;

  beforeAll(async () => {
    upstream = await startUpstream(19087);
    const yaml = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-routes-')), 'tollgate.yaml');
    fs.writeFileSync(
      yaml,
      [
        'providers:',
        `  mock: { kind: openai, base_url: "${upstream.url}", api_key: sk-mock }`,
        `  claude: { kind: anthropic, base_url: "${upstream.url}", api_key: sk-ant-mock }`,
        'models:',
        '  smart:',
        '    strategy: priority',
        '    targets:',
        '      - { provider: mock, model: gpt-4o-mini-fail-503 }',
        '      - { provider: mock, model: gpt-4o-mini }',
        '  sonnet:',
        '    targets:',
        '      - { provider: claude, model: claude-3-5-sonnet-20241022 }',
      ].join('\n'),
    );
    const env = { ...gatewayEnv(upstream.url), TOLLGATE_CONFIG: yaml, TOLLGATE_ENCRYPTION_KEY: '0123456789abcdef'.repeat(4) };
    for (const k of ['OPENAI_API_KEY', 'OPENAI_BASE_URL']) delete (env as Record<string, string>)[k];
    gw = await startAllInOne(ROOT, env, 19187);
    client = new OpenAI({ apiKey: gw.key, baseURL: gw.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await gw?.stop();
    await upstream?.stop();
  });

  it('falls back from a failing target to the next and says so in the headers', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'smart', messages: [{ role: 'user', content: 'fallback please' }] }, { headers: { 'x-tollgate-cache': 'bypass' } })
      .withResponse();
    expect(data.choices[0].message.content).toMatch(/^Hello!/);
    expect(response.headers.get('x-tollgate-fallback')).toBe('true');
    expect(response.headers.get('x-tollgate-attempts')).toBe('2');
    expect(response.headers.get('x-tollgate-model')).toBe('gpt-4o-mini');
  });

  it('serves an Anthropic-format provider to the OpenAI SDK, JSON and streamed, tools included', async () => {
    const json = await client.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'hi claude' }] }, { headers: { 'x-tollgate-cache': 'bypass' } });
    expect(json.choices[0].message.content).toMatch(/^Hello!/);
    expect(json.usage?.completion_tokens).toBe(20);
    const tools = [{ type: 'function' as const, function: { name: 'search', parameters: { type: 'object', properties: { query: { type: 'string' } } } } }];
    const called = await client.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'use a tool' }], tools }, { headers: { 'x-tollgate-cache': 'bypass' } });
    expect(called.choices[0].finish_reason).toBe('tool_calls');
    expect(JSON.parse(called.choices[0].message.tool_calls?.[0].type === 'function' ? called.choices[0].message.tool_calls[0].function.arguments : '{}')).toEqual({ query: 'mock' });
    let text = '';
    for await (const c of await client.chat.completions.create({ model: 'sonnet', stream: true, messages: [{ role: 'user', content: 'stream claude' }] }, { headers: { 'x-tollgate-cache': 'bypass' } })) {
      text += c.choices[0]?.delta?.content ?? '';
    }
    expect(text).toBe(json.choices[0].message.content);
  });

  it('does not pass a stream cut mid-way off as complete', async () => {
    const read = async () => {
      let text = '';
      for await (const c of await client.chat.completions.create({ model: 'mock/gpt-4o-mini-cut', stream: true, messages: [{ role: 'user', content: 'cut' }] }, { headers: { 'x-tollgate-cache': 'bypass' } })) {
        text += c.choices[0]?.delta?.content ?? '';
      }
      return text;
    };
    await expect(read()).rejects.toThrow();
  });

  it("serves a project's alias with its own credential, created through the management API, and applies changes without a restart", async () => {
    const admin = { authorization: `Bearer ${gw.adminKey}`, 'content-type': 'application/json' };
    const api = `${gw.base}/api/v1/projects/${gw.projectId}`;
    const send = (method: string, path: string, body?: object) => fetch(`${api}${path}`, { method, headers: admin, body: body && JSON.stringify(body) });
    const call = async (model: string) => {
      const { response } = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'project route' }] }, { headers: { 'x-tollgate-cache': 'bypass' } }).withResponse();
      return { provider: response.headers.get('x-tollgate-provider'), model: response.headers.get('x-tollgate-model'), attempts: response.headers.get('x-tollgate-attempts') };
    };
    // The project was read by the calls above: each write reaches the router on the api's ProjectChanged event,
    // well before its 30-second re-read. Calls repeat until the answer is the expected one (about a second at most).
    const settle = async (model: string, want: Record<string, string>) => {
      let got = await call(model);
      for (let i = 0; i < 50 && !Object.entries(want).every(([k, v]) => got[k as keyof typeof got] === v); i++) {
        await new Promise((r) => setTimeout(r, 20));
        got = await call(model);
      }
      return got;
    };

    // groq is configured nowhere in YAML: only the project's credential (key and base URL) can serve it.
    expect((await send('POST', '/credentials', { name: 'own-groq', provider: 'groq', api_key: 'gsk-project-own', base_url: upstream.url })).status).toBe(201);
    expect((await send('PUT', '/routes/byok', { targets: [{ provider: 'groq', model: 'gpt-4o-mini', credential: 'own-groq' }] })).status).toBe(201);
    expect(await settle('byok', { provider: 'groq' })).toEqual({ provider: 'groq', model: 'gpt-4o-mini', attempts: '1' });

    expect((await send('PUT', '/routes/byok', { targets: [{ provider: 'groq', model: 'gpt-4o', credential: 'own-groq' }] })).status).toBe(200);
    expect(await settle('byok', { model: 'gpt-4o' })).toEqual({ provider: 'groq', model: 'gpt-4o', attempts: '1' });

    // A project alias shadows the YAML alias of the same name (no failing first target any more); deleted, YAML's is back.
    expect((await send('PUT', '/routes/smart', { targets: [{ provider: 'mock', model: 'gpt-4o-mini' }] })).status).toBe(201);
    expect(await settle('smart', { attempts: '1' })).toEqual({ provider: 'mock', model: 'gpt-4o-mini', attempts: '1' });
    expect((await send('DELETE', '/routes/smart')).status).toBe(204);
    expect(await settle('smart', { attempts: '2' })).toEqual({ provider: 'mock', model: 'gpt-4o-mini', attempts: '2' });
  });
});
