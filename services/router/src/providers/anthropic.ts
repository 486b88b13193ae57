import { unsupported } from '../domain/classify.ts';
import { promptChars } from '../domain/request.ts';
import { decodeAnthropic } from './anthropic-response.ts';
import { anthropicRequest } from './anthropic-request.ts';
import { AnthropicStream } from './anthropic-stream.ts';
import { isObject, jsonObject } from './content.ts';
import type { Adapter } from './provider.ts';

export const ANTHROPIC_VERSION = '2023-06-01';

/** Anthropic Messages API (`/messages`, x-api-key, anthropic-version): chat completions only. */
export const anthropic: Adapter = {
  defaultBaseUrl: 'https://api.anthropic.com/v1',
  supports: (endpoint) => endpoint === '/chat/completions',
  headers: (apiKey, cfg) => ({ 'x-api-key': apiKey, 'anthropic-version': cfg.apiVersion ?? ANTHROPIC_VERSION }),
  encode(input) {
    if (input.endpoint !== '/chat/completions') return unsupported(`Anthropic does not serve ${input.endpoint}`);
    const body = jsonObject(input.raw);
    if (!body) return unsupported('the request body is not a JSON object');
    const opts = isObject(body.stream_options) ? body.stream_options : {};
    return {
      path: '/messages',
      body: JSON.stringify(anthropicRequest(body, input.model, input.stream)),
      clientUsage: opts.include_usage === true,
      promptChars: input.stream ? promptChars(body) : -1,
    };
  },
  decode: decodeAnthropic,
  stream: (ctx) => new AnthropicStream(ctx),
};
