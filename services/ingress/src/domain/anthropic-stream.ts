import { anthropicUsage, messageId, stopReason } from './anthropic-response.ts';
import { isObject, type Json } from './fields.ts';

// OpenAI chat.completion.chunk stream -> Anthropic Messages SSE (pure, stateful). Feed it the data of each
// OpenAI event (`[DONE]` included); it returns the Anthropic events to send: message_start and a ping first,
// then content_block_start/delta/stop per text or tool_use block, then message_delta (stop reason, usage) and
// message_stop. finish() closes a stream that ended without [DONE]; fail() ends it with an `error` event.

export interface AnthropicStream {
  push(data: string): string[];
  finish(): string[];
  fail(type: string, message: string): string[];
}

export function sseEvent(type: string, data: Json): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

export function createAnthropicStream(requestedModel: string): AnthropicStream {
  let started = false;
  let done = false;
  let index = -1;
  /** What the open block is: 'text', a tool call's OpenAI index, or undefined when none is open. */
  let open: 'text' | number | undefined;
  let finish: unknown;
  let usage: unknown;

  function start(chunk: Json, out: string[]): void {
    if (started) return;
    started = true;
    const model = typeof chunk.model === 'string' && chunk.model ? chunk.model : requestedModel;
    const message = { id: messageId(chunk.id), type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } };
    out.push(sseEvent('message_start', { message }), sseEvent('ping', {}));
  }

  function close(out: string[]): void {
    if (open === undefined) return;
    out.push(sseEvent('content_block_stop', { index }));
    open = undefined;
  }

  function openBlock(kind: 'text' | number, block: Json, out: string[]): void {
    close(out);
    open = kind;
    index++;
    out.push(sseEvent('content_block_start', { index, content_block: block }));
  }

  function text(t: string, out: string[]): void {
    if (open !== 'text') openBlock('text', { type: 'text', text: '' }, out);
    out.push(sseEvent('content_block_delta', { index, delta: { type: 'text_delta', text: t } }));
  }

  function toolCall(tc: Json, out: string[]): void {
    const i = typeof tc.index === 'number' ? tc.index : 0;
    const fn = isObject(tc.function) ? tc.function : {};
    if (open !== i || typeof tc.id === 'string') {
      openBlock(i, { type: 'tool_use', id: String(tc.id ?? `toolu_${i}`), name: String(fn.name ?? ''), input: {} }, out);
    }
    if (typeof fn.arguments === 'string' && fn.arguments !== '') out.push(sseEvent('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: fn.arguments } }));
  }

  function end(): string[] {
    if (done) return [];
    const out: string[] = [];
    start({}, out);
    close(out);
    done = true;
    out.push(sseEvent('message_delta', { delta: { stop_reason: stopReason(finish), stop_sequence: null }, usage: anthropicUsage(usage) }), sseEvent('message_stop', {}));
    return out;
  }

  return {
    push(data) {
      if (done) return [];
      if (data.trim() === '[DONE]') return end();
      let chunk: unknown;
      try {
        chunk = JSON.parse(data);
      } catch {
        return [];
      }
      if (!isObject(chunk)) return [];
      const out: string[] = [];
      start(chunk, out);
      if (chunk.usage) usage = chunk.usage;
      const choice = Array.isArray(chunk.choices) && isObject(chunk.choices[0]) ? chunk.choices[0] : undefined;
      const delta = choice && isObject(choice.delta) ? choice.delta : {};
      const t = typeof delta.content === 'string' ? delta.content : typeof delta.refusal === 'string' ? delta.refusal : '';
      if (t) text(t, out);
      if (Array.isArray(delta.tool_calls)) for (const tc of delta.tool_calls) if (isObject(tc)) toolCall(tc, out);
      if (choice?.finish_reason) finish = choice.finish_reason;
      return out;
    },
    finish: end,
    fail(type, message) {
      if (done) return [];
      done = true;
      const out: string[] = [];
      start({}, out);
      out.push(sseEvent('error', { error: { type, message } }));
      return out;
    },
  };
}
