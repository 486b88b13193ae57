import { unsupported } from '../domain/classify.ts';
import { promptChars } from '../domain/request.ts';
import { isObject, jsonObject } from './content.ts';
import { decodeEmbeddings, embedRequest } from './gemini-embeddings.ts';
import { geminiRequest } from './gemini-request.ts';
import { decodeGemini } from './gemini-response.ts';
import { GeminiStream } from './gemini-stream.ts';
import type { Adapter } from './provider.ts';

/**
 * Google Gemini API (generativelanguage.googleapis.com/v1beta, x-goog-api-key): chat through generateContent
 * and streamGenerateContent?alt=sse, embeddings through batchEmbedContents.
 */
export const gemini: Adapter = {
  defaultBaseUrl: 'https://generativelanguage.googleapis.com/v1beta',
  supports: (endpoint) => endpoint === '/chat/completions' || endpoint === '/embeddings',
  headers: (apiKey) => ({ 'x-goog-api-key': apiKey }),
  encode(input) {
    const body = jsonObject(input.raw);
    if (!body) return unsupported('the request body is not a JSON object');
    const model = encodeURIComponent(input.model.replace(/^models\//, ''));
    if (input.endpoint === '/embeddings') {
      const req = embedRequest(body, decodeURIComponent(model));
      if (!req) return unsupported('Gemini embeddings take text input (a string or a list of strings)');
      return { path: `/models/${model}:batchEmbedContents`, body: JSON.stringify(req.body), clientUsage: false, promptChars: req.chars, memo: { base64: body.encoding_format === 'base64' } };
    }
    if (input.endpoint !== '/chat/completions') return unsupported(`Gemini does not serve ${input.endpoint}`);
    const opts = isObject(body.stream_options) ? body.stream_options : {};
    return {
      path: input.stream ? `/models/${model}:streamGenerateContent?alt=sse` : `/models/${model}:generateContent`,
      body: JSON.stringify(geminiRequest(body)),
      clientUsage: opts.include_usage === true,
      promptChars: input.stream ? promptChars(body) : -1,
    };
  },
  decode: (body, ctx) => (ctx.endpoint === '/embeddings' ? decodeEmbeddings(body, ctx) : decodeGemini(body, ctx)),
  stream: (ctx) => new GeminiStream(ctx),
};
