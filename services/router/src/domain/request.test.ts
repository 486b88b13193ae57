import { describe, expect, it } from 'vitest';
import { prepareBody, validEndpoint } from './request.ts';

const bytes = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
const parsed = (p: ReturnType<typeof prepareBody>) => JSON.parse(typeof p!.body === 'string' ? p!.body : new TextDecoder().decode(p!.body));

describe('prepareBody', () => {
  it('forwards a plain JSON request byte for byte, without parsing it', () => {
    const raw = new TextEncoder().encode('{"model":"gpt-4o",  "messages":[]}');
    expect(prepareBody(raw, false, undefined)?.body).toBe(raw);
    expect(prepareBody(new TextEncoder().encode('not json'), false, undefined)?.body).toBeDefined();
  });

  it('rewrites only the model when a provider prefix was stripped', () => {
    const p = prepareBody(bytes({ model: 'groq/llama', messages: [{ role: 'user', content: 'hi' }], temperature: 0 }), false, 'llama');
    expect(parsed(p)).toEqual({ model: 'llama', messages: [{ role: 'user', content: 'hi' }], temperature: 0 });
  });

  it('always asks a stream for usage and remembers whether the client did', () => {
    const without = prepareBody(bytes({ model: 'm', stream: true, messages: [{ role: 'user', content: 'abcd' }] }), true, undefined);
    expect(parsed(without).stream_options).toEqual({ include_usage: true });
    expect(without?.clientUsage).toBe(false);
    expect(without?.promptChars).toBe(4);
    const withUsage = prepareBody(bytes({ model: 'm', stream: true, stream_options: { include_usage: true, x: 1 } }), true, undefined);
    expect(withUsage?.clientUsage).toBe(true);
    expect(parsed(withUsage).stream_options).toEqual({ include_usage: true, x: 1 });
  });

  it('counts prompt text in multi-part messages', () => {
    const p = prepareBody(bytes({ stream: true, messages: [{ role: 'user', content: [{ type: 'text', text: '12345678' }] }, { role: 'system', content: 'ab' }] }), true, undefined);
    expect(p?.promptChars).toBe(10);
  });

  it('refuses a body it must rewrite but cannot parse', () => {
    expect(prepareBody(new TextEncoder().encode('{oops'), true, undefined)).toBeUndefined();
    expect(prepareBody(new TextEncoder().encode('[1]'), false, 'm')).toBeUndefined();
  });
});

describe('validEndpoint', () => {
  it('accepts OpenAI paths and refuses traversal, hosts and queries', () => {
    expect(validEndpoint('/chat/completions')).toBe(true);
    expect(validEndpoint('/embeddings')).toBe(true);
    for (const bad of ['', 'chat', '/../admin', '//evil.example/x', '/chat?x=1', '/a b']) expect(validEndpoint(bad)).toBe(false);
  });
});
