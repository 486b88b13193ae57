import { dataUrl, imageUrl, isObject, type Json, jsonInstruction, maxTokens, parts, stopList, textOf, toolArgs } from './content.ts';

// OpenAI chat request -> Anthropic Messages request. System and developer messages become `system`; tool calls
// become tool_use blocks and tool results tool_result blocks in a user turn; consecutive turns of one role are
// merged (Anthropic requires alternation). JSON mode has no native equivalent: it becomes a system instruction.

/** max_tokens is required by Anthropic; used when the client set none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

export function anthropicRequest(body: Json, model: string, stream: boolean): Json {
  const system: string[] = [];
  const messages: { role: string; content: Json[] }[] = [];
  const push = (role: string, blocks: Json[]) => {
    if (!blocks.length) return;
    const last = messages.at(-1);
    if (last && last.role === role) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };
  for (const m of Array.isArray(body.messages) ? body.messages.filter(isObject) : []) {
    if (m.role === 'system' || m.role === 'developer') system.push(textOf(m.content));
    else if (m.role === 'tool') push('user', [{ type: 'tool_result', tool_use_id: String(m.tool_call_id ?? ''), content: textOf(m.content) }]);
    else if (m.role === 'assistant') push('assistant', [...contentBlocks(m.content), ...toolUses(m.tool_calls)]);
    else push('user', contentBlocks(m.content));
  }
  const json = jsonInstruction(body.response_format);
  if (json) system.push(json);
  const out: Json = { model, max_tokens: maxTokens(body) ?? ANTHROPIC_DEFAULT_MAX_TOKENS, messages };
  if (system.length) out.system = system.join('\n\n');
  copy(body, out, 'temperature', 'temperature');
  copy(body, out, 'top_p', 'top_p');
  const stop = stopList(body.stop);
  if (stop?.length) out.stop_sequences = stop;
  if (stream) out.stream = true;
  if (typeof body.user === 'string') out.metadata = { user_id: body.user };
  const tools = Array.isArray(body.tools) ? body.tools.filter(isObject).map(tool) : [];
  if (tools.length) out.tools = tools;
  const choice = toolChoice(body.tool_choice, body.parallel_tool_calls);
  if (choice && tools.length) out.tool_choice = choice;
  return out;
}

function contentBlocks(content: unknown): Json[] {
  const out: Json[] = [];
  for (const p of parts(content)) {
    if (p.type === 'text' && typeof p.text === 'string') {
      if (p.text) out.push({ type: 'text', text: p.text });
    } else if (p.type === 'image_url') {
      const url = imageUrl(p);
      const inline = dataUrl(url);
      out.push({ type: 'image', source: inline ? { type: 'base64', media_type: inline.mediaType, data: inline.data } : { type: 'url', url } });
    }
  }
  return out;
}

function toolUses(calls: unknown): Json[] {
  if (!Array.isArray(calls)) return [];
  return calls.filter(isObject).map((c) => {
    const f = isObject(c.function) ? c.function : {};
    return { type: 'tool_use', id: String(c.id ?? ''), name: String(f.name ?? ''), input: toolArgs(f.arguments) };
  });
}

function tool(t: Json): Json {
  const f = isObject(t.function) ? t.function : t;
  const out: Json = { name: String(f.name ?? ''), input_schema: isObject(f.parameters) ? f.parameters : { type: 'object', properties: {} } };
  if (typeof f.description === 'string') out.description = f.description;
  return out;
}

function toolChoice(choice: unknown, parallel: unknown): Json | undefined {
  let out: Json | undefined;
  if (choice === 'auto') out = { type: 'auto' };
  else if (choice === 'required') out = { type: 'any' };
  else if (choice === 'none') out = { type: 'none' };
  else if (isObject(choice) && isObject(choice.function)) out = { type: 'tool', name: String(choice.function.name ?? '') };
  if (parallel === false) out = { ...(out ?? { type: 'auto' }), disable_parallel_tool_use: true };
  return out;
}

function copy(from: Json, to: Json, key: string, as: string): void {
  if (typeof from[key] === 'number') to[as] = from[key];
}
