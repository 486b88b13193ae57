import type { Endpoint } from './endpoint.ts';
import { bad, checkNumbers, isObject, type Json, requireModel, requireObject } from './fields.ts';
import { translateMessages } from './anthropic-messages.ts';

// Anthropic Messages request -> OpenAI chat request (pure). Every field is either translated, ignored because it
// cannot change the answer (cache_control, service_tier), or refused with a 400 that names it: an answer that
// silently dropped a feature the caller asked for would be worse than an error.

const KNOWN = new Set(['model', 'messages', 'max_tokens', 'system', 'stop_sequences', 'stream', 'temperature', 'top_p', 'top_k', 'metadata', 'tools', 'tool_choice', 'thinking', 'service_tier']);

/** POST /v1/messages: routed as a chat completion; the answer is translated back by the Anthropic door. */
export const messagesEndpoint: Endpoint = {
  upstream: '/chat/completions',
  label: '/messages',
  cacheable: true,
  read(body) {
    const b = requireObject(body);
    const model = requireModel(b);
    const stream = b.stream === true;
    return { model, stream, forward: toOpenAiChat(b, model) };
  },
};

export function toOpenAiChat(b: Json, model: string): Json {
  for (const k of Object.keys(b)) if (!KNOWN.has(k)) throw bad(`\`${k}\` is not supported by Tollgate's Messages endpoint`, k);
  if (b.stream !== undefined && typeof b.stream !== 'boolean') throw bad('`stream` must be a boolean', 'stream');
  if (typeof b.max_tokens !== 'number' || !Number.isInteger(b.max_tokens) || b.max_tokens < 1) throw bad('`max_tokens` is required and must be a positive whole number', 'max_tokens');
  checkNumbers(b, [
    ['temperature', 0, 1],
    ['top_p', 0, 1],
  ]);
  if (b.top_k !== undefined) throw bad('`top_k` is not supported: the request is routed through the OpenAI chat format, which has no top_k', 'top_k');
  if (b.thinking !== undefined && !(isObject(b.thinking) && b.thinking.type === 'disabled')) {
    throw bad('extended `thinking` is not supported when routing through the OpenAI chat format', 'thinking');
  }
  const out: Json = { model, messages: [...system(b.system), ...translateMessages(b.messages)], max_tokens: b.max_tokens };
  if (b.temperature !== undefined) out.temperature = b.temperature;
  if (b.top_p !== undefined) out.top_p = b.top_p;
  if (b.stop_sequences !== undefined) out.stop = stopSequences(b.stop_sequences);
  if (b.metadata !== undefined) {
    if (!isObject(b.metadata)) throw bad('`metadata` must be an object', 'metadata');
    const user = b.metadata.user_id;
    if (user !== undefined && user !== null && typeof user !== 'string') throw bad('`metadata.user_id` must be a string', 'metadata.user_id');
    if (typeof user === 'string') out.user = user;
  }
  if (b.tools !== undefined) out.tools = tools(b.tools);
  if (b.tool_choice !== undefined) Object.assign(out, toolChoice(b.tool_choice, out.tools !== undefined));
  if (b.stream === true) {
    out.stream = true;
    // The usage chunk becomes message_delta.usage; the client never sees the OpenAI chunk itself.
    out.stream_options = { include_usage: true };
  }
  return out;
}

function system(s: unknown): Json[] {
  if (s === undefined || s === null) return [];
  if (typeof s === 'string') return s === '' ? [] : [{ role: 'system', content: s }];
  if (!Array.isArray(s)) throw bad('`system` must be a string or an array of text blocks', 'system');
  const text = s.map((block, i) => {
    if (!isObject(block) || block.type !== 'text' || typeof block.text !== 'string') throw bad(`\`system[${i}]\` must be a text block`, `system[${i}]`);
    return block.text;
  });
  return text.length ? [{ role: 'system', content: text.join('\n\n') }] : [];
}

function stopSequences(v: unknown): string[] {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' && s !== '')) throw bad('`stop_sequences` must be an array of non-empty strings', 'stop_sequences');
  return v;
}

function tools(v: unknown): Json[] {
  if (!Array.isArray(v)) throw bad('`tools` must be an array', 'tools');
  return v.map((t, i) => {
    const p = `tools[${i}]`;
    if (!isObject(t)) throw bad(`\`${p}\` must be an object`, p);
    if (t.type !== undefined && t.type !== 'custom') throw bad(`\`${p}.type\` "${String(t.type)}": server tools are not supported through the OpenAI chat format`, `${p}.type`);
    if (typeof t.name !== 'string' || !/^[a-zA-Z0-9_-]{1,128}$/.test(t.name)) throw bad(`\`${p}.name\` must match ^[a-zA-Z0-9_-]{1,128}$`, `${p}.name`);
    if (!isObject(t.input_schema)) throw bad(`\`${p}.input_schema\` must be a JSON Schema object`, `${p}.input_schema`);
    if (t.description !== undefined && typeof t.description !== 'string') throw bad(`\`${p}.description\` must be a string`, `${p}.description`);
    const fn: Json = { name: t.name, parameters: t.input_schema };
    if (t.description) fn.description = t.description;
    return { type: 'function', function: fn };
  });
}

function toolChoice(c: unknown, hasTools: boolean): Json {
  if (!isObject(c) || typeof c.type !== 'string') throw bad('`tool_choice` must be an object with a `type`', 'tool_choice');
  const out: Json = {};
  if (c.type === 'auto') out.tool_choice = 'auto';
  else if (c.type === 'any') out.tool_choice = 'required';
  else if (c.type === 'none') out.tool_choice = 'none';
  else if (c.type === 'tool') {
    if (typeof c.name !== 'string' || c.name === '') throw bad('`tool_choice.name` is required when `tool_choice.type` is "tool"', 'tool_choice.name');
    out.tool_choice = { type: 'function', function: { name: c.name } };
  } else throw bad('`tool_choice.type` must be one of auto, any, tool, none', 'tool_choice.type');
  if (c.type !== 'none' && !hasTools) throw bad('`tool_choice` needs `tools`', 'tool_choice');
  if (c.disable_parallel_tool_use === true && hasTools) out.parallel_tool_calls = false;
  return out;
}
