import type { Usage } from '../domain/sse.ts';
import { isObject, type Json, jsonObject, num } from './content.ts';
import { completion, toolCall } from './openai-chunks.ts';
import type { DecodeCtx, Decoded } from './provider.ts';

/** Anthropic stop_reason -> OpenAI finish_reason. */
export function finishReason(stop: unknown): string {
  switch (stop) {
    case 'max_tokens':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop'; // end_turn, stop_sequence, pause_turn
  }
}

/** Anthropic usage: cached prompt tokens (read and written) are prompt tokens too. */
export function anthropicUsage(u: unknown): Usage {
  const v = isObject(u) ? u : {};
  return { tokensIn: num(v.input_tokens) + num(v.cache_read_input_tokens) + num(v.cache_creation_input_tokens), tokensOut: num(v.output_tokens) };
}

/** A Messages answer as a chat.completion. */
export function decodeAnthropic(body: Buffer, ctx: DecodeCtx): Decoded | undefined {
  const msg = jsonObject(body);
  if (!msg || !Array.isArray(msg.content)) return undefined;
  let text: string | null = null;
  const calls: Json[] = [];
  for (const b of msg.content.filter(isObject)) {
    if (b.type === 'text' && typeof b.text === 'string') text = (text ?? '') + b.text;
    else if (b.type === 'tool_use') calls.push(toolCall(String(b.id ?? ''), String(b.name ?? ''), b.input));
  }
  const usage = anthropicUsage(msg.usage);
  const model = typeof msg.model === 'string' ? msg.model : ctx.model;
  const head = { id: typeof msg.id === 'string' ? msg.id : ctx.id, created: ctx.nowS, model };
  return { body: completion(head, [{ content: text, toolCalls: calls, finishReason: finishReason(msg.stop_reason) }], usage), facts: { ...usage, model } };
}
