import type { Endpoint } from './endpoint.ts';
import { bad, checkNumbers, isObject, optionalBoolean, optionalString, rejectForeign, requireModel, requireObject } from './fields.ts';

/** POST /v1/completions (legacy): `prompt` is a string, strings, token ids or arrays of token ids. */
export const completionsEndpoint: Endpoint = {
  upstream: '/completions',
  label: '/completions',
  cacheable: true,
  read(body) {
    const b = requireObject(body);
    const model = requireModel(b);
    rejectForeign(b, { messages: 'use /v1/chat/completions for chat messages', input: 'legacy completions take `prompt`' });
    checkPrompt(b.prompt);
    const stream = optionalBoolean(b, 'stream');
    optionalBoolean(b, 'echo');
    optionalString(b, 'suffix');
    optionalString(b, 'user');
    if (b.stream_options !== undefined && b.stream_options !== null && !isObject(b.stream_options)) throw bad('`stream_options` must be an object', 'stream_options');
    if (b.stop !== undefined && b.stop !== null && typeof b.stop !== 'string' && !(Array.isArray(b.stop) && b.stop.every((s) => typeof s === 'string'))) {
      throw bad('`stop` must be a string or an array of strings', 'stop');
    }
    checkNumbers(b, [
      ['temperature', 0, 2],
      ['top_p', 0, 1],
      ['n', 1, 128, true],
      ['best_of', 1, 20, true],
      ['logprobs', 0, 5, true],
      ['max_tokens', 0, 10_000_000, true],
      ['presence_penalty', -2, 2],
      ['frequency_penalty', -2, 2],
    ]);
    return { model, stream };
  },
};

function checkPrompt(p: unknown): void {
  if (typeof p === 'string') return;
  const tokens = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((t) => typeof t === 'number' && Number.isInteger(t) && t >= 0);
  if (Array.isArray(p) && p.length > 0 && (tokens(p) || p.every((x) => typeof x === 'string' || tokens(x)))) return;
  throw bad('`prompt` is required: a string, an array of strings, or token ids', 'prompt');
}
