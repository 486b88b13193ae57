import type { Usage } from '../domain/sse.ts';
import { isObject, type Json } from './content.ts';
import { candidateParts, finishReason, geminiUsage } from './gemini-response.ts';
import { type ChunkHead, chunkEvent, DONE_EVENT, errorEvent, usageEvent } from './openai-chunks.ts';
import type { DecodeCtx, StreamDecoder } from './provider.ts';
import { type NativeEvent, SseEvents } from './sse-events.ts';

/**
 * Gemini streamGenerateContent (alt=sse) translated into OpenAI chunks. Each native event is a partial
 * GenerateContentResponse; text parts become content deltas, functionCall parts whole tool calls. Gemini sends
 * no end marker: the stream is complete once a finishReason arrived, and end() then writes the usage event
 * (when the client asked) and [DONE].
 */
export class GeminiStream implements StreamDecoder {
  done = false;
  sawContent = false;
  sawError = false;
  usage: Usage | undefined;
  model = '';
  contentChars = 0;
  private readonly events = new SseEvents();
  private readonly ctx: DecodeCtx;
  private readonly head: ChunkHead;
  private started = false;
  private finished = false;
  /** Tool calls seen per candidate, for their OpenAI index. */
  private readonly toolCount: number[] = [];

  constructor(ctx: DecodeCtx) {
    this.ctx = ctx;
    this.head = { id: ctx.id, created: ctx.nowS, model: ctx.model };
  }

  push(chunk: Buffer): Buffer | undefined {
    return this.translate(this.events.push(chunk), false);
  }

  end(): Buffer | undefined {
    return this.translate(this.events.end(), true);
  }

  private translate(events: NativeEvent[], last: boolean): Buffer | undefined {
    let out = '';
    for (const ev of events) out += this.event(ev.data ?? {});
    if (last && this.finished && !this.sawError) {
      this.done = true;
      if (this.ctx.clientUsage && this.usage) out += usageEvent(this.head, this.usage);
      out += DONE_EVENT;
    }
    return out ? Buffer.from(out) : undefined;
  }

  private event(d: Json): string {
    if (isObject(d.error)) {
      this.sawError = true;
      return errorEvent(`the provider reported an error during the stream (${String(d.error.status ?? 'error')})`);
    }
    let out = '';
    if (!this.started) {
      this.started = true;
      if (typeof d.responseId === 'string') this.head.id = d.responseId;
      if (typeof d.modelVersion === 'string') this.head.model = this.model = d.modelVersion;
      out += chunkEvent(this.head, { role: 'assistant', content: '' });
    }
    this.usage = geminiUsage(d.usageMetadata) ?? this.usage;
    const candidates = Array.isArray(d.candidates) ? d.candidates.filter(isObject) : [];
    for (let i = 0; i < candidates.length; i++) out += this.candidate(candidates[i], typeof candidates[i].index === 'number' ? Number(candidates[i].index) : i);
    if (!candidates.length && isObject(d.promptFeedback) && d.promptFeedback.blockReason) {
      this.finished = true;
      out += chunkEvent(this.head, {}, 'content_filter');
    }
    return out;
  }

  private candidate(c: Json, index: number): string {
    const { text, calls } = candidateParts(c);
    let out = '';
    if (text) {
      this.sawContent = true;
      this.contentChars += text.length;
      out += chunkEvent(this.head, { content: text }, null, index);
    }
    if (calls.length) {
      const first = this.toolCount[index] ?? 0;
      this.toolCount[index] = first + calls.length;
      this.sawContent = true;
      const deltas = calls.map((f, j) => {
        const args = JSON.stringify(f.args ?? {});
        this.contentChars += args.length;
        return { index: first + j, id: `call_${index}_${first + j}`, type: 'function', function: { name: String(f.name ?? ''), arguments: args } };
      });
      out += chunkEvent(this.head, { tool_calls: deltas }, null, index);
    }
    const reason = finishReason(c.finishReason, (this.toolCount[index] ?? 0) > 0);
    if (reason) {
      this.finished = true;
      out += chunkEvent(this.head, {}, reason, index);
    }
    return out;
  }
}
