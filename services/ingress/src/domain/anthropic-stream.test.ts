import { describe, expect, it } from 'vitest';
import { toAnthropicMessage } from './anthropic-response.ts';
import { createAnthropicStream } from './anthropic-stream.ts';

// Fixtures in the shape mock-upstream.mjs and OpenAI send.
const head = { id: 'chatcmpl-1', object: 'chat.completion.chunk', model: 'gpt-4o-mini' };
const chunk = (delta: object, finish: string | null = null) => JSON.stringify({ ...head, choices: [{ index: 0, delta, finish_reason: finish }] });
const usage = JSON.stringify({ ...head, choices: [], usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 } });

function events(lines: string[]): Array<{ event: string; data: Record<string, unknown> }> {
  return lines.join('').split('\n\n').filter(Boolean).map((e) => {
    const [ev, data] = e.split('\n');
    return { event: ev.slice(7), data: JSON.parse(data.slice(6)) };
  });
}

describe('OpenAI stream -> Anthropic events', () => {
  it('turns text deltas, the finish reason and the usage chunk into Anthropic events', () => {
    const s = createAnthropicStream('requested');
    const out = [chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hel' }), chunk({ content: 'lo' }), chunk({}, 'stop'), usage, '[DONE]'].flatMap((d) => s.push(d));
    const evs = events(out);
    expect(evs.map((e) => e.event)).toEqual(['message_start', 'ping', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(evs[0].data).toMatchObject({ type: 'message_start', message: { id: 'msg_chatcmpl-1', role: 'assistant', model: 'gpt-4o-mini', content: [] } });
    expect(evs[2].data).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    expect(evs[3].data).toEqual({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } });
    expect(evs[6].data).toEqual({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { input_tokens: 11, output_tokens: 3 } });
    expect(s.finish()).toEqual([]);
  });

  it('turns streamed tool calls into tool_use blocks with input_json_delta', () => {
    const s = createAnthropicStream('m');
    const out = [
      chunk({ content: 'Checking.' }),
      chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"q":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"x"}' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'other', arguments: '{}' } }] }),
      chunk({}, 'tool_calls'),
      '[DONE]',
    ].flatMap((d) => s.push(d));
    const evs = events(out);
    const starts = evs.filter((e) => e.event === 'content_block_start').map((e) => e.data);
    expect(starts).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'call_1', name: 'lookup', input: {} } },
      { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'call_2', name: 'other', input: {} } },
    ]);
    const json = evs.filter((e) => (e.data.delta as { type?: string })?.type === 'input_json_delta').map((e) => [e.data.index, (e.data.delta as { partial_json: string }).partial_json]);
    expect(json).toEqual([[1, '{"q":'], [1, '"x"}'], [2, '{}']]);
    expect(evs.filter((e) => e.event === 'content_block_stop').map((e) => e.data.index)).toEqual([0, 1, 2]);
    expect(evs.at(-2)?.data).toMatchObject({ delta: { stop_reason: 'tool_use' } });
  });

  it('closes a stream without [DONE] on finish, and ends a broken one with an error event', () => {
    const ok = createAnthropicStream('m');
    ok.push(chunk({ content: 'a' }, 'length'));
    expect(events(ok.finish()).map((e) => [e.event, (e.data.delta as { stop_reason?: string })?.stop_reason])).toEqual([['content_block_stop', undefined], ['message_delta', 'max_tokens'], ['message_stop', undefined]]);
    const broken = createAnthropicStream('m');
    const evs = events(broken.fail('api_error', 'cut'));
    expect(evs.map((e) => e.event)).toEqual(['message_start', 'ping', 'error']);
    expect(evs[2].data).toEqual({ type: 'error', error: { type: 'api_error', message: 'cut' } });
    expect(broken.push(chunk({ content: 'late' }))).toEqual([]);
  });
});

describe('OpenAI JSON -> Anthropic message', () => {
  it('maps text, tool calls, stop reason and usage', () => {
    const msg = toAnthropicMessage(
      {
        id: 'chatcmpl-9',
        model: 'gpt-4o-mini',
        choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: 'Sure.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }, { id: 'call_2', type: 'function', function: { name: 'bad', arguments: 'not json' } }] } }],
        usage: { prompt_tokens: 10, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 4 } },
      },
      'requested',
    );
    expect(msg).toEqual({
      id: 'msg_chatcmpl-9',
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o-mini',
      content: [
        { type: 'text', text: 'Sure.' },
        { type: 'tool_use', id: 'call_1', name: 'lookup', input: { q: 'x' } },
        { type: 'tool_use', id: 'call_2', name: 'bad', input: { _raw: 'not json' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 4 },
    });
    expect(toAnthropicMessage({ choices: [{ message: { content: 'x' }, finish_reason: 'length' }] }, 'req')).toMatchObject({ model: 'req', stop_reason: 'max_tokens', usage: { input_tokens: 0, output_tokens: 0 } });
  });
});
