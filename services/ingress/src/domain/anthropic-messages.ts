import { bad, isObject, type Json } from './fields.ts';

// Anthropic `messages` -> OpenAI chat messages. Content blocks map as: text -> text part; image (base64 or url)
// -> image_url part; assistant tool_use -> tool_calls; user tool_result -> a `tool` message (placed before the
// rest of that user turn, since OpenAI wants tool answers right after the assistant's calls).

export function translateMessages(v: unknown): Json[] {
  if (!Array.isArray(v) || v.length === 0) throw bad('`messages` must be a non-empty array', 'messages');
  return v.flatMap((m, i) => {
    const p = `messages[${i}]`;
    if (!isObject(m)) throw bad(`\`${p}\` must be an object`, p);
    if (m.role !== 'user' && m.role !== 'assistant') throw bad(`\`${p}.role\` must be "user" or "assistant"`, `${p}.role`);
    const blocks = contentBlocks(m.content, p);
    return m.role === 'user' ? userTurn(blocks, p) : [assistantTurn(blocks, p)];
  });
}

function contentBlocks(c: unknown, p: string): Json[] {
  if (typeof c === 'string') return [{ type: 'text', text: c }];
  if (!Array.isArray(c)) throw bad(`\`${p}.content\` must be a string or an array of content blocks`, `${p}.content`);
  c.forEach((b, j) => {
    if (!isObject(b) || typeof b.type !== 'string') throw bad(`\`${p}.content[${j}]\` must be an object with a \`type\``, `${p}.content[${j}]`);
  });
  return c as Json[];
}

function userTurn(blocks: Json[], p: string): Json[] {
  const toolMessages: Json[] = [];
  const parts: Json[] = [];
  blocks.forEach((b, j) => {
    const bp = `${p}.content[${j}]`;
    if (b.type === 'tool_result') toolMessages.push(toolResult(b, bp));
    else if (b.type === 'text') parts.push({ type: 'text', text: text(b, bp) });
    else if (b.type === 'image') parts.push(image(b, bp));
    else throw unsupported(b.type as string, bp, 'user');
  });
  if (parts.length === 0) return toolMessages;
  const onlyText = parts.every((x) => x.type === 'text');
  const content = onlyText ? parts.map((x) => x.text).join('\n') : parts;
  return [...toolMessages, { role: 'user', content }];
}

function assistantTurn(blocks: Json[], p: string): Json {
  const texts: string[] = [];
  const calls: Json[] = [];
  blocks.forEach((b, j) => {
    const bp = `${p}.content[${j}]`;
    if (b.type === 'text') texts.push(text(b, bp));
    else if (b.type === 'tool_use') calls.push(toolUse(b, bp));
    else throw unsupported(b.type as string, bp, 'assistant');
  });
  const msg: Json = { role: 'assistant', content: texts.length ? texts.join('') : null };
  if (calls.length) msg.tool_calls = calls;
  else if (msg.content === null) msg.content = '';
  return msg;
}

function text(b: Json, p: string): string {
  if (typeof b.text !== 'string') throw bad(`\`${p}.text\` must be a string`, `${p}.text`);
  return b.text;
}

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

function image(b: Json, p: string): Json {
  const s = b.source;
  if (!isObject(s)) throw bad(`\`${p}.source\` is required`, `${p}.source`);
  if (s.type === 'url') {
    if (typeof s.url !== 'string' || !URL.canParse(s.url)) throw bad(`\`${p}.source.url\` must be a URL`, `${p}.source.url`);
    return { type: 'image_url', image_url: { url: s.url } };
  }
  if (s.type !== 'base64') throw bad(`\`${p}.source.type\` must be "base64" or "url"`, `${p}.source.type`);
  if (typeof s.media_type !== 'string' || !IMAGE_TYPES.has(s.media_type)) throw bad(`\`${p}.source.media_type\` must be one of ${[...IMAGE_TYPES].join(', ')}`, `${p}.source.media_type`);
  if (typeof s.data !== 'string' || !/^[A-Za-z0-9+/=\s]+$/.test(s.data)) throw bad(`\`${p}.source.data\` must be base64`, `${p}.source.data`);
  return { type: 'image_url', image_url: { url: `data:${s.media_type};base64,${s.data}` } };
}

function toolUse(b: Json, p: string): Json {
  if (typeof b.id !== 'string' || b.id === '') throw bad(`\`${p}.id\` is required`, `${p}.id`);
  if (typeof b.name !== 'string' || b.name === '') throw bad(`\`${p}.name\` is required`, `${p}.name`);
  if (!isObject(b.input)) throw bad(`\`${p}.input\` must be an object`, `${p}.input`);
  return { id: b.id, type: 'function', function: { name: b.name, arguments: JSON.stringify(b.input) } };
}

function toolResult(b: Json, p: string): Json {
  if (typeof b.tool_use_id !== 'string' || b.tool_use_id === '') throw bad(`\`${p}.tool_use_id\` is required`, `${p}.tool_use_id`);
  let content: string;
  if (b.content === undefined || typeof b.content === 'string') content = b.content ?? '';
  else if (Array.isArray(b.content)) {
    content = b.content
      .map((x, k) => {
        if (!isObject(x) || x.type !== 'text' || typeof x.text !== 'string') {
          throw bad(`\`${p}.content[${k}]\`: only text blocks are supported inside a tool_result`, `${p}.content[${k}]`);
        }
        return x.text;
      })
      .join('\n');
  } else throw bad(`\`${p}.content\` must be a string or an array of text blocks`, `${p}.content`);
  if (b.is_error === true) content = `Error: ${content}`;
  return { role: 'tool', tool_call_id: b.tool_use_id, content };
}

function unsupported(type: string, p: string, role: string): Error {
  const known = role === 'user' ? 'text, image, tool_result' : 'text, tool_use';
  return bad(`\`${p}.type\` "${type}" is not supported in a ${role} turn (supported: ${known})`, `${p}.type`);
}
