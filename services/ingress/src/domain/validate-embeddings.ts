import type { Endpoint } from './endpoint.ts';
import { bad, checkNumbers, optionalString, rejectForeign, requireModel, requireObject } from './fields.ts';

/** OpenAI's limit on inputs per embeddings request. */
const MAX_INPUTS = 2048;

/** POST /v1/embeddings: `input` is a string, an array of strings, an array of token ids, or an array of those. */
export const embeddingsEndpoint: Endpoint = {
  upstream: '/embeddings',
  label: '/embeddings',
  cacheable: true,
  read(body) {
    const b = requireObject(body);
    const model = requireModel(b);
    rejectForeign(b, { messages: 'use /v1/chat/completions', prompt: 'embeddings take `input`' });
    if (b.stream !== undefined && b.stream !== false && b.stream !== null) throw bad('embeddings cannot be streamed: remove `stream`', 'stream');
    checkInput(b.input);
    if (b.encoding_format !== undefined && b.encoding_format !== 'float' && b.encoding_format !== 'base64') {
      throw bad('`encoding_format` must be "float" or "base64"', 'encoding_format');
    }
    checkNumbers(b, [['dimensions', 1, 65_536, true]]);
    optionalString(b, 'user');
    return { model, stream: false };
  },
};

function checkInput(input: unknown): void {
  if (typeof input === 'string') {
    if (input === '') throw bad('`input` must not be empty', 'input');
    return;
  }
  if (!Array.isArray(input) || input.length === 0) throw bad('`input` is required: a string, an array of strings or an array of token arrays', 'input');
  if (input.length > MAX_INPUTS) throw bad(`\`input\` has ${input.length} items; at most ${MAX_INPUTS} are allowed`, 'input');
  if (input.every(isToken)) return;
  input.forEach((item, i) => {
    const ok = (typeof item === 'string' && item !== '') || (Array.isArray(item) && item.length > 0 && item.every(isToken));
    if (!ok) throw bad(`\`input[${i}]\` must be a non-empty string or a non-empty array of token ids`, `input[${i}]`);
  });
}

function isToken(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
