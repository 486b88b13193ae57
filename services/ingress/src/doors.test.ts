import { inject } from 'light-my-request';
import { describe, expect, it } from 'vitest';
import { KEY, scriptedIngress } from './scripted-router.ts';

const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
type T = Awaited<ReturnType<typeof scriptedIngress>>;
const post = (t: T, url: string, body: unknown, headers: Record<string, string> = auth) =>
  inject(t.ingress.handler, { method: 'POST', url, headers, payload: typeof body === 'string' ? body : JSON.stringify(body) });

describe('OpenAI front doors', () => {
  it('routes embeddings and legacy completions through the same flow, with cache lookup and one event each', async () => {
    const t = await scriptedIngress();
    const emb = await post(t, '/v1/embeddings', { model: 'text-embedding-3-small', input: 'hi' });
    expect(emb.statusCode).toBe(200);
    expect(emb.json().data[0].embedding).toEqual([0.1, 0.2]);
    expect(emb.headers['x-tollgate-cache']).toBe('miss');
    const cmp = await post(t, '/v1/completions', { model: 'gpt-3.5-turbo-instruct', prompt: 'hello' });
    expect(cmp.json().choices[0].text).toBe(' world');
    expect(t.calls.map((c) => c.endpoint)).toEqual(['/embeddings', '/completions']);
    expect(t.lookups).toHaveLength(2);
    await t.until(() => t.events.length === 2);
    expect(t.events.map((e) => [e.endpoint, e.status, e.cacheEntry !== undefined])).toEqual([['/embeddings', 200, true], ['/completions', 200, true]]);
    await t.bus.close();
  });

  it('lists and retrieves the models a key may use', async () => {
    const t = await scriptedIngress();
    const list = await inject(t.ingress.handler, { method: 'GET', url: '/v1/models', headers: auth });
    expect(list.json()).toEqual({ object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', created: 0, owned_by: 'openai' }] });
    expect((await inject(t.ingress.handler, { method: 'GET', url: '/v1/models/gpt-4o-mini', headers: auth })).json().id).toBe('gpt-4o-mini');
    expect((await inject(t.ingress.handler, { method: 'GET', url: '/v1/models/nope', headers: auth })).statusCode).toBe(404);
    expect((await inject(t.ingress.handler, { method: 'GET', url: '/v1/models' })).statusCode).toBe(401);
    expect((await inject(t.ingress.handler, { method: 'POST', url: '/v1/models', headers: auth })).statusCode).toBe(405);
    await t.bus.close();
  });

  it('rejects bad bodies per endpoint in OpenAI shape, naming the field', async () => {
    const t = await scriptedIngress();
    const cases: Array<[string, unknown, number, string | null]> = [
      ['/v1/embeddings', { model: 'e' }, 400, 'input'],
      ['/v1/embeddings', { model: 'e', input: 'x', stream: true }, 400, 'stream'],
      ['/v1/completions', { model: 'c', messages: [] }, 400, 'messages'],
      ['/v1/completions', '{"model":', 400, null],
      ['/v1/embeddings', { model: 'e', input: 'x'.repeat(5000) }, 413, null],
    ];
    for (const [url, body, status, param] of cases) {
      const res = await post(t, url, body);
      expect(res.statusCode, url).toBe(status);
      expect(res.json().error.param).toBe(param);
    }
    const missing = await post(t, '/v1/embeddings', { model: 'missing', input: 'x' });
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'model_not_found']);
    expect(t.calls).toHaveLength(1);
    await t.bus.close();
  });
});

describe('Anthropic Messages door', () => {
  const msg = { model: 'claude-3-5-haiku-20241022', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] };
  const anth = { 'x-api-key': KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' };

  it('accepts x-api-key, routes a translated chat request and answers an Anthropic message', async () => {
    const t = await scriptedIngress();
    const res = await post(t, '/v1/messages', { ...msg, system: 'be brief' }, anth);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Hello there' }], stop_reason: 'end_turn', usage: { input_tokens: 9, output_tokens: 2 } });
    expect(t.calls[0].endpoint).toBe('/chat/completions');
    expect(JSON.parse(new TextDecoder().decode(t.calls[0].body)).messages[0]).toEqual({ role: 'system', content: 'be brief' });
    await t.until(() => t.events.length === 1);
    expect(t.events[0]).toMatchObject({ endpoint: '/messages', status: 200, tokensIn: 9 });
    await t.bus.close();
  });

  it('streams Anthropic events, tool use included', async () => {
    const t = await scriptedIngress();
    const tools = [{ name: 'lookup', input_schema: { type: 'object' } }];
    const res = await post(t, '/v1/messages', { ...msg, stream: true, tools }, anth);
    expect(res.headers['content-type']).toBe('text/event-stream');
    const events = res.body.split('\n\n').filter(Boolean).map((e) => e.split('\n')[0].slice(7));
    expect(events).toEqual(['message_start', 'ping', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(res.body).toContain('"partial_json":"{\\"q\\":\\"x\\"}"');
    expect(res.body).toContain('"stop_reason":"tool_use"');
    expect(res.body).toContain('"output_tokens":2');
    await t.bus.close();
  });

  it('replays a cached OpenAI answer as an Anthropic one', async () => {
    const cached = JSON.stringify({ id: 'c', choices: [{ message: { content: 'from cache' }, finish_reason: 'stop' }] });
    const t = await scriptedIngress({ hit: { response: cached, contentType: 'application/json' } });
    const res = await post(t, '/v1/messages', msg, anth);
    expect(res.headers['x-tollgate-cache']).toBe('hit');
    expect(res.json().content).toEqual([{ type: 'text', text: 'from cache' }]);
    expect(t.calls).toHaveLength(0);
    await t.bus.close();
  });

  it("answers every error in Anthropic's shape", async () => {
    const t = await scriptedIngress();
    const cases: Array<[number, string, Awaited<ReturnType<typeof post>>]> = [
      [401, 'authentication_error', await post(t, '/v1/messages', msg, { ...anth, 'x-api-key': 'tg_wrong' })],
      [400, 'invalid_request_error', await post(t, '/v1/messages', { ...msg, max_tokens: undefined }, anth)],
      [400, 'invalid_request_error', await post(t, '/v1/messages', '{"model', anth)],
      [413, 'request_too_large', await post(t, '/v1/messages', { ...msg, system: 'x'.repeat(5000) }, anth)],
      [404, 'not_found_error', await post(t, '/v1/messages', { ...msg, model: 'missing' }, anth)],
    ];
    for (const [status, type, res] of cases) {
      expect(res.statusCode).toBe(status);
      expect(res.json()).toEqual({ type: 'error', error: { type, message: expect.any(String) } });
    }
    expect(cases[1][2].json().error.message).toContain('max_tokens');
    expect((await inject(t.ingress.handler, { method: 'GET', url: '/v1/messages' })).json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    await t.bus.close();
  });
});
