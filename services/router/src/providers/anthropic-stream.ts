import type { Usage } from '../domain/sse.ts';
import { isObject, type Json } from './content.ts';
import { anthropicUsage, finishReason } from './anthropic-response.ts';
import { type ChunkHead, chunkEvent, DONE_EVENT, errorEvent, usageEvent } from './openai-chunks.ts';
import type { DecodeCtx, StreamDecoder } from './provider.ts';
import { type NativeEvent, SseEvents } from './sse-events.ts';

/**
 * Anthropic Messages SSE (message_start, content_block_*, message_delta, message_stop, ping, error) translated
 * into OpenAI chat.completion.chunk events as they arrive. Text deltas become content, tool_use blocks become
 * tool_calls (indexed among tool calls, not content blocks), message_stop ends with the usage event (when the
 * client asked for it) and [DONE].
 */
export class AnthropicStream implements StreamDecoder {
  done = false;
  sawContent = false;
  sawError = false;
  usage: Usage | undefined;
  model: string;
  contentChars = 0;
  private readonly events = new SseEvents();
  private readonly ctx: DecodeCtx;
  private readonly head: ChunkHead;
  /** Content block index -> tool call index. */
  private readonly tools = new Map<number, number>();

  constructor(ctx: DecodeCtx) {
    this.ctx = ctx;
    this.model = '';
    this.head = { id: ctx.id, created: ctx.nowS, model: ctx.model };
  }

  push(chunk: Buffer): Buffer | undefined {
    return this.translate(this.events.push(chunk));
  }

  end(): Buffer | undefined {
    return this.translate(this.events.end());
  }

  private translate(events: NativeEvent[]): Buffer | undefined {
    let out = '';
    for (const ev of events) out += this.event(ev.data ?? {});
    return out ? Buffer.from(out) : undefined;
  }

  private event(d: Json): string {
    switch (d.type) {
      case 'message_start': {
        const m = isObject(d.message) ? d.message : {};
        if (typeof m.id === 'string') this.head.id = m.id;
        if (typeof m.model === 'string') this.head.model = this.model = m.model;
        this.usage = anthropicUsage(m.usage);
        return chunkEvent(this.head, { role: 'assistant', content: '' });
      }
      case 'content_block_start':
        return this.blockStart(Number(d.index), isObject(d.content_block) ? d.content_block : {});
      case 'content_block_delta':
        return this.blockDelta(Number(d.index), isObject(d.delta) ? d.delta : {});
      case 'message_delta': {
        const u = anthropicUsage(d.usage);
        this.usage = { tokensIn: u.tokensIn || (this.usage?.tokensIn ?? 0), tokensOut: u.tokensOut };
        const stop = isObject(d.delta) ? d.delta.stop_reason : undefined;
        return stop ? chunkEvent(this.head, {}, finishReason(stop)) : '';
      }
      case 'message_stop':
        this.done = true;
        return (this.ctx.clientUsage && this.usage ? usageEvent(this.head, this.usage) : '') + DONE_EVENT;
      case 'error': {
        this.sawError = true;
        const type = isObject(d.error) && typeof d.error.type === 'string' ? d.error.type : 'error';
        return errorEvent(`the provider reported an error during the stream (${type})`);
      }
      default:
        return ''; // ping, content_block_stop, unknown future events
    }
  }

  private blockStart(index: number, block: Json): string {
    if (block.type === 'tool_use') {
      const t = this.tools.size;
      this.tools.set(index, t);
      this.sawContent = true;
      return chunkEvent(this.head, { tool_calls: [{ index: t, id: String(block.id ?? ''), type: 'function', function: { name: String(block.name ?? ''), arguments: '' } }] });
    }
    return block.type === 'text' && typeof block.text === 'string' && block.text ? this.text(block.text) : '';
  }

  private blockDelta(index: number, delta: Json): string {
    if (delta.type === 'text_delta' && typeof delta.text === 'string') return this.text(delta.text);
    if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string' && delta.partial_json) {
      this.sawContent = true;
      this.contentChars += delta.partial_json.length;
      return chunkEvent(this.head, { tool_calls: [{ index: this.tools.get(index) ?? 0, function: { arguments: delta.partial_json } }] });
    }
    return ''; // thinking and signature deltas are not part of OpenAI's format
  }

  private text(text: string): string {
    if (!text) return '';
    this.sawContent = true;
    this.contentChars += text.length;
    return chunkEvent(this.head, { content: text });
  }
}
