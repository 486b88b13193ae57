import { estimateTokens } from '../domain/cost.ts';
import { isObject, type Json, jsonObject } from './content.ts';
import type { DecodeCtx, Decoded } from './provider.ts';

// OpenAI /embeddings <-> Gemini batchEmbedContents. Gemini reports no usage for embeddings: tokens are
// estimated from the input's characters.

/** The batch request, or undefined when the input is not text (token-id arrays have no Gemini equivalent). */
export function embedRequest(body: Json, model: string): { body: Json; chars: number } | undefined {
  const input = typeof body.input === 'string' ? [body.input] : body.input;
  if (!Array.isArray(input) || !input.every((s) => typeof s === 'string')) return undefined;
  const extra: Json = typeof body.dimensions === 'number' ? { outputDimensionality: body.dimensions } : {};
  const requests = input.map((text: string) => ({ model: `models/${model}`, content: { parts: [{ text }] }, ...extra }));
  return { body: { requests }, chars: input.reduce((n: number, s: string) => n + s.length, 0) };
}

/** batchEmbedContents' answer as an OpenAI embeddings list (float lists, or base64 when the client asked). */
export function decodeEmbeddings(body: Buffer, ctx: DecodeCtx): Decoded | undefined {
  const res = jsonObject(body);
  if (!res || !Array.isArray(res.embeddings)) return undefined;
  const base64 = ctx.memo?.base64 === true;
  const data = res.embeddings.filter(isObject).map((e, index) => {
    const values = Array.isArray(e.values) ? e.values.map(Number) : [];
    const embedding = base64 ? Buffer.from(new Float32Array(values).buffer).toString('base64') : values;
    return { object: 'embedding', index, embedding };
  });
  const tokens = estimateTokens(Math.max(0, ctx.promptChars));
  return {
    body: JSON.stringify({ object: 'list', data, model: ctx.model, usage: { prompt_tokens: tokens, total_tokens: tokens } }),
    facts: { tokensIn: tokens, tokensOut: 0, model: ctx.model },
  };
}
