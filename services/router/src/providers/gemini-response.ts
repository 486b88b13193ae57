import type { Usage } from '../domain/sse.ts';
import { isObject, type Json, jsonObject, num } from './content.ts';
import { type ChoiceOut, completion, toolCall } from './openai-chunks.ts';
import type { DecodeCtx, Decoded } from './provider.ts';

const FILTERED = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY', 'LANGUAGE']);

/** Gemini finishReason -> OpenAI finish_reason (null while the candidate is not finished). */
export function finishReason(reason: unknown, calledTools: boolean): string | null {
  if (typeof reason !== 'string' || !reason || reason === 'FINISH_REASON_UNSPECIFIED') return null;
  if (reason === 'MAX_TOKENS') return 'length';
  if (FILTERED.has(reason)) return 'content_filter';
  return calledTools ? 'tool_calls' : 'stop';
}

/** usageMetadata: thinking tokens are billed as output. */
export function geminiUsage(u: unknown): Usage | undefined {
  if (!isObject(u)) return undefined;
  return { tokensIn: num(u.promptTokenCount), tokensOut: num(u.candidatesTokenCount) + num(u.thoughtsTokenCount) };
}

/** Text and function calls of one candidate (thought parts are left out). */
export function candidateParts(c: Json): { text: string; calls: Json[] } {
  const content = isObject(c.content) ? c.content : {};
  let text = '';
  const calls: Json[] = [];
  for (const p of Array.isArray(content.parts) ? content.parts.filter(isObject) : []) {
    if (typeof p.text === 'string' && p.thought !== true) text += p.text;
    else if (isObject(p.functionCall)) calls.push(p.functionCall);
  }
  return { text, calls };
}

/** A generateContent answer as a chat.completion. */
export function decodeGemini(body: Buffer, ctx: DecodeCtx): Decoded | undefined {
  const res = jsonObject(body);
  if (!res || (!Array.isArray(res.candidates) && !isObject(res.promptFeedback))) return undefined;
  const candidates = Array.isArray(res.candidates) ? res.candidates.filter(isObject) : [];
  const choices: ChoiceOut[] = candidates.map((c, i) => {
    const { text, calls } = candidateParts(c);
    const toolCalls = calls.map((f, j) => toolCall(`call_${i}_${j}`, String(f.name ?? ''), f.args));
    return { content: text || (calls.length ? null : ''), toolCalls, finishReason: finishReason(c.finishReason, calls.length > 0) ?? 'stop' };
  });
  if (!choices.length) choices.push({ content: '', toolCalls: [], finishReason: 'content_filter' }); // the prompt was blocked
  const usage = geminiUsage(res.usageMetadata) ?? { tokensIn: 0, tokensOut: 0 };
  const model = typeof res.modelVersion === 'string' ? res.modelVersion : ctx.model;
  const head = { id: typeof res.responseId === 'string' ? res.responseId : ctx.id, created: ctx.nowS, model };
  return { body: completion(head, choices, usage), facts: { ...usage, model } };
}
