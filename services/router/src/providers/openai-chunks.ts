import type { Usage } from '../domain/sse.ts';
import type { Json } from './content.ts';

// OpenAI chat.completion and chat.completion.chunk documents, written by adapters that translate a native format.

export interface ChunkHead {
  id: string;
  created: number;
  model: string;
}

export const DONE_EVENT = 'data: [DONE]\n\n';

/** One `data: {chat.completion.chunk}` event for choice `index`. */
export function chunkEvent(h: ChunkHead, delta: Json, finishReason: string | null = null, index = 0): string {
  return `data: ${JSON.stringify({ id: h.id, object: 'chat.completion.chunk', created: h.created, model: h.model, choices: [{ index, delta, logprobs: null, finish_reason: finishReason }] })}\n\n`;
}

/** The usage-only event OpenAI sends last when stream_options.include_usage is set. */
export function usageEvent(h: ChunkHead, u: Usage): string {
  return `data: ${JSON.stringify({ id: h.id, object: 'chat.completion.chunk', created: h.created, model: h.model, choices: [], usage: usageJson(u) })}\n\n`;
}

/** An error event in the stream (as OpenAI-compatible servers send one). */
export function errorEvent(message: string): string {
  return `data: ${JSON.stringify({ error: { message, type: 'api_error', code: 'upstream_error' } })}\n\n`;
}

export function usageJson(u: Usage): Json {
  return { prompt_tokens: u.tokensIn, completion_tokens: u.tokensOut, total_tokens: u.tokensIn + u.tokensOut };
}

export interface ChoiceOut {
  content: string | null;
  toolCalls: Json[];
  finishReason: string;
}

/** A complete chat.completion document. */
export function completion(h: ChunkHead, choices: ChoiceOut[], u: Usage): string {
  return JSON.stringify({
    id: h.id,
    object: 'chat.completion',
    created: h.created,
    model: h.model,
    choices: choices.map((c, index) => ({
      index,
      message: c.toolCalls.length ? { role: 'assistant', content: c.content, tool_calls: c.toolCalls } : { role: 'assistant', content: c.content ?? '' },
      logprobs: null,
      finish_reason: c.finishReason,
    })),
    usage: usageJson(u),
  });
}

/** An OpenAI tool call. */
export function toolCall(id: string, name: string, args: unknown): Json {
  return { id, type: 'function', function: { name, arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}) } };
}
