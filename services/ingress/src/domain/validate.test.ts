import { describe, expect, it } from 'vitest';
import type { GatewayError } from '@tollgate/errors';
import { validateChatRequest } from './validate.ts';

const ok = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };

function rejection(body: unknown): { status: number; param: string | null; message: string } {
  try {
    validateChatRequest(body);
  } catch (err) {
    const e = err as GatewayError;
    return { status: e.status, param: e.toJSON().error.param, message: e.message };
  }
  throw new Error('accepted');
}

describe('validateChatRequest', () => {
  it('accepts a minimal request and reports model and streaming', () => {
    expect(validateChatRequest(ok)).toEqual({ model: 'gpt-4o-mini', stream: false, includeUsage: false });
    expect(validateChatRequest({ ...ok, stream: true, stream_options: { include_usage: true } })).toEqual({ model: 'gpt-4o-mini', stream: true, includeUsage: true });
  });

  it('accepts multi-part content and assistant tool calls without content', () => {
    const messages = [
      { role: 'user', content: [{ type: 'text', text: 'what is this' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AA' } }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: '42' },
    ];
    expect(validateChatRequest({ ...ok, messages }).model).toBe('gpt-4o-mini');
  });

  it.each([
    [[], null],
    ['text', null],
    [{ messages: ok.messages }, 'model'],
    [{ ...ok, model: '' }, 'model'],
    [{ ...ok, model: 7 }, 'model'],
    [{ ...ok, messages: [] }, 'messages'],
    [{ ...ok, messages: 'hi' }, 'messages'],
    [{ ...ok, messages: [null] }, 'messages[0]'],
    [{ ...ok, messages: [{ role: 'wizard', content: 'x' }] }, 'messages[0].role'],
    [{ ...ok, messages: [{ role: 'user' }] }, 'messages[0].content'],
    [{ ...ok, messages: [{ role: 'user', content: 5 }] }, 'messages[0].content'],
    [{ ...ok, messages: [{ role: 'user', content: [5] }] }, 'messages[0].content[0]'],
    [{ ...ok, stream: 'yes' }, 'stream'],
    [{ ...ok, stream_options: [] }, 'stream_options'],
    [{ ...ok, temperature: 3 }, 'temperature'],
    [{ ...ok, temperature: '0.5' }, 'temperature'],
    [{ ...ok, n: 0 }, 'n'],
    [{ ...ok, max_tokens: -1 }, 'max_tokens'],
  ])('rejects %j with a 400 naming %s', (body, param) => {
    const r = rejection(body);
    expect(r.status).toBe(400);
    expect(r.param).toBe(param);
  });
});
