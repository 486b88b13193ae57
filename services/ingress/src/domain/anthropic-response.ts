import { isObject, type Json } from './fields.ts';

// OpenAI chat completion (JSON) -> Anthropic Message (pure).

const STOP: Record<string, string> = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use', function_call: 'tool_use', content_filter: 'refusal' };

export function stopReason(finish: unknown): string {
  return (typeof finish === 'string' && STOP[finish]) || 'end_turn';
}

/** Anthropic ids look like msg_...; keep the provider's id inside so the two can be correlated. */
export function messageId(openAiId: unknown): string {
  return `msg_${typeof openAiId === 'string' && openAiId ? openAiId.replace(/[^A-Za-z0-9_-]/g, '') : 'tollgate'}`;
}

/** Tool arguments arrive as a JSON string; a provider that sent invalid JSON gets its text kept under `_raw`. */
export function toolInput(args: unknown): Json {
  if (typeof args !== 'string' || args.trim() === '') return {};
  try {
    const v = JSON.parse(args);
    return isObject(v) ? v : { _raw: args };
  } catch {
    return { _raw: args };
  }
}

export function anthropicUsage(u: unknown): Json {
  const usage = isObject(u) ? u : {};
  const out: Json = { input_tokens: num(usage.prompt_tokens), output_tokens: num(usage.completion_tokens) };
  const cached = isObject(usage.prompt_tokens_details) ? num(usage.prompt_tokens_details.cached_tokens) : 0;
  if (cached) out.cache_read_input_tokens = cached;
  return out;
}

export function toAnthropicMessage(openAi: unknown, requestedModel: string): Json {
  const o = isObject(openAi) ? openAi : {};
  const choice = Array.isArray(o.choices) && isObject(o.choices[0]) ? o.choices[0] : {};
  const msg = isObject(choice.message) ? choice.message : {};
  const content: Json[] = [];
  const text = typeof msg.content === 'string' ? msg.content : typeof msg.refusal === 'string' ? msg.refusal : '';
  if (text) content.push({ type: 'text', text });
  for (const call of Array.isArray(msg.tool_calls) ? msg.tool_calls : []) {
    if (!isObject(call) || !isObject(call.function)) continue;
    content.push({ type: 'tool_use', id: String(call.id ?? ''), name: String(call.function.name ?? ''), input: toolInput(call.function.arguments) });
  }
  return {
    id: messageId(o.id),
    type: 'message',
    role: 'assistant',
    model: typeof o.model === 'string' && o.model ? o.model : requestedModel,
    content,
    stop_reason: stopReason(choice.finish_reason),
    stop_sequence: null,
    usage: anthropicUsage(o.usage),
  };
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
