import { GatewayError } from '@tollgate/errors';
import type { Endpoint } from './endpoint.ts';

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);
/** Content part types of OpenAI's chat format; anything else is refused here rather than by a provider. */
const PART_TYPES = new Set(['text', 'image_url', 'input_audio', 'file', 'refusal']);

export interface ChatRequestInfo {
  model: string;
  stream: boolean;
  /** Whether the client asked for the usage chunk of a stream. */
  includeUsage: boolean;
}

/**
 * Checks the parts of a chat completion request that the gateway relies on, and those every provider rejects,
 * so that a bad request gets a precise 400 naming the field instead of a provider's error. Other fields pass
 * through untouched.
 */
export function validateChatRequest(body: unknown): ChatRequestInfo {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('the request body must be a JSON object');
  const b = body as Record<string, unknown>;
  if (typeof b.model !== 'string' || b.model.trim() === '') throw bad('`model` is required and must be a non-empty string', 'model');
  if (b.model.length > 256) throw bad('`model` is too long (at most 256 characters)', 'model');
  if (!Array.isArray(b.messages) || b.messages.length === 0) throw bad('`messages` must be a non-empty array', 'messages');
  b.messages.forEach(checkMessage);
  if (b.stream !== undefined && b.stream !== null && typeof b.stream !== 'boolean') throw bad('`stream` must be a boolean', 'stream');
  const so = b.stream_options;
  if (so !== undefined && so !== null && (typeof so !== 'object' || Array.isArray(so))) throw bad('`stream_options` must be an object', 'stream_options');
  for (const [name, lo, hi] of NUMERIC) {
    const v = b[name];
    if (v !== undefined && v !== null && (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi)) {
      throw bad(`\`${name}\` must be a number from ${lo} to ${hi}`, name);
    }
  }
  return {
    model: b.model,
    stream: b.stream === true,
    includeUsage: b.stream === true && (so as Record<string, unknown> | undefined)?.include_usage === true,
  };
}

/** POST /v1/chat/completions. */
export const chatEndpoint: Endpoint = {
  upstream: '/chat/completions',
  label: '/chat/completions',
  cacheable: true,
  read: validateChatRequest,
};

const NUMERIC: Array<[string, number, number]> = [
  ['temperature', 0, 2],
  ['top_p', 0, 1],
  ['n', 1, 128],
  ['max_tokens', 1, 10_000_000],
  ['max_completion_tokens', 1, 10_000_000],
  ['presence_penalty', -2, 2],
  ['frequency_penalty', -2, 2],
];

function checkMessage(m: unknown, i: number): void {
  const p = `messages[${i}]`;
  if (typeof m !== 'object' || m === null || Array.isArray(m)) throw bad(`\`${p}\` must be an object`, p);
  const msg = m as Record<string, unknown>;
  if (typeof msg.role !== 'string' || !ROLES.has(msg.role)) {
    throw bad(`\`${p}.role\` must be one of ${[...ROLES].join(', ')}`, `${p}.role`);
  }
  const c = msg.content;
  const toolCalls = msg.role === 'assistant' && Array.isArray(msg.tool_calls);
  if (c === undefined || c === null) {
    if (!toolCalls && msg.function_call === undefined) throw bad(`\`${p}.content\` is required`, `${p}.content`);
  } else if (typeof c !== 'string' && !Array.isArray(c)) {
    throw bad(`\`${p}.content\` must be a string or an array of content parts`, `${p}.content`);
  } else if (Array.isArray(c)) {
    c.forEach((part, j) => {
      if (typeof part !== 'object' || part === null || typeof (part as Record<string, unknown>).type !== 'string') {
        throw bad(`\`${p}.content[${j}]\` must be an object with a \`type\``, `${p}.content[${j}]`);
      }
      const type = (part as Record<string, unknown>).type as string;
      if (!PART_TYPES.has(type)) throw bad(`\`${p}.content[${j}].type\` "${type}" is not one of ${[...PART_TYPES].join(', ')}`, `${p}.content[${j}].type`);
    });
  }
}

function bad(message: string, param?: string): GatewayError {
  return new GatewayError('invalid_request', message, { param });
}
