import type { GatewayError } from '@tollgate/errors';
import { describe, expect, it } from 'vitest';
import { messagesEndpoint } from './anthropic-request.ts';

const base = { model: 'claude-3-5-sonnet-20241022', max_tokens: 256, messages: [{ role: 'user', content: 'hi' }] };

function rejection(body: unknown): { status: number; param: string | undefined; message: string } {
  try {
    messagesEndpoint.read(body);
  } catch (err) {
    const e = err as GatewayError;
    return { status: e.status, param: e.param, message: e.message };
  }
  throw new Error('accepted');
}

describe('Anthropic Messages -> OpenAI chat', () => {
  it('translates system, sampling, stop sequences, user id and streaming', () => {
    const r = messagesEndpoint.read({
      ...base,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'Be kind.' }],
      temperature: 0.2,
      top_p: 0.9,
      stop_sequences: ['END'],
      metadata: { user_id: 'u-1' },
      stream: true,
    });
    expect(r).toEqual({
      model: base.model,
      stream: true,
      forward: {
        model: base.model,
        messages: [
          { role: 'system', content: 'Be brief.\n\nBe kind.' },
          { role: 'user', content: 'hi' },
        ],
        max_tokens: 256,
        temperature: 0.2,
        top_p: 0.9,
        stop: ['END'],
        user: 'u-1',
        stream: true,
        stream_options: { include_usage: true },
      },
    });
  });

  it('translates images, tools, tool_use and tool_result turns in the order OpenAI wants', () => {
    const r = messagesEndpoint.read({
      ...base,
      tools: [{ name: 'lookup', description: 'Looks up', input_schema: { type: 'object', properties: { q: { type: 'string' } } } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          ],
        },
        { role: 'assistant', content: [{ type: 'text', text: 'Let me look.' }, { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'cat' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'a cat' }] }, { type: 'text', text: 'thanks' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_2', name: 'lookup', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_2', content: 'boom', is_error: true }] },
      ],
    });
    expect(r.forward).toMatchObject({
      tools: [{ type: 'function', function: { name: 'lookup', description: 'Looks up', parameters: { type: 'object' } } }],
      tool_choice: 'required',
      parallel_tool_calls: false,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          ],
        },
        { role: 'assistant', content: 'Let me look.', tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"cat"}' } }] },
        { role: 'tool', tool_call_id: 'toolu_1', content: 'a cat' },
        { role: 'user', content: 'thanks' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_2', function: { name: 'lookup', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'toolu_2', content: 'Error: boom' },
      ],
    });
  });

  it('maps every tool_choice', () => {
    const tools = [{ name: 't', input_schema: { type: 'object' } }];
    const choice = (tool_choice: unknown) => messagesEndpoint.read({ ...base, tools, tool_choice }).forward?.tool_choice;
    expect(choice({ type: 'auto' })).toBe('auto');
    expect(choice({ type: 'none' })).toBe('none');
    expect(choice({ type: 'tool', name: 't' })).toEqual({ type: 'function', function: { name: 't' } });
  });

  it.each([
    [[], undefined],
    [{ ...base, model: '' }, 'model'],
    [{ ...base, max_tokens: undefined }, 'max_tokens'],
    [{ ...base, max_tokens: 1.5 }, 'max_tokens'],
    [{ ...base, messages: [] }, 'messages'],
    [{ ...base, messages: [{ role: 'system', content: 'x' }] }, 'messages[0].role'],
    [{ ...base, messages: [{ role: 'user', content: 5 }] }, 'messages[0].content'],
    [{ ...base, messages: [{ role: 'user', content: [{ type: 'document', source: {} }] }] }, 'messages[0].content[0].type'],
    [{ ...base, messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: '' }] }] }, 'messages[0].content[0].type'],
    [{ ...base, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/tiff', data: 'AA' } }] }] }, 'messages[0].content[0].source.media_type'],
    [{ ...base, messages: [{ role: 'user', content: [{ type: 'tool_result', content: 'x' }] }] }, 'messages[0].content[0].tool_use_id'],
    [{ ...base, temperature: 1.5 }, 'temperature'],
    [{ ...base, top_k: 5 }, 'top_k'],
    [{ ...base, thinking: { type: 'enabled', budget_tokens: 1024 } }, 'thinking'],
    [{ ...base, tools: [{ type: 'web_search_20250305', name: 'web_search' }] }, 'tools[0].type'],
    [{ ...base, tools: [{ name: 'bad name', input_schema: {} }] }, 'tools[0].name'],
    [{ ...base, tool_choice: { type: 'any' } }, 'tool_choice'],
    [{ ...base, stop_sequences: 'END' }, 'stop_sequences'],
    [{ ...base, metadata: { user_id: 7 } }, 'metadata.user_id'],
    [{ ...base, mcp_servers: [] }, 'mcp_servers'],
  ])('rejects %j with a 400 naming %s', (body, param) => {
    const r = rejection(body);
    expect(r.status).toBe(400);
    expect(r.param).toBe(param);
  });
});
