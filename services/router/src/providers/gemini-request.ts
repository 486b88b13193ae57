import { dataUrl, imageUrl, isObject, type Json, maxTokens, mediaTypeOf, parts, stopList, textOf, toolArgs } from './content.ts';

// OpenAI chat request -> Gemini generateContent request. System messages become systemInstruction, assistant
// turns role "model", tool calls functionCall parts and tool results functionResponse parts (named through the
// call id), images inlineData (data URLs) or fileData (http URLs). JSON mode maps to responseMimeType (+ schema).

export function geminiRequest(body: Json): Json {
  const system: string[] = [];
  const contents: { role: string; parts: Json[] }[] = [];
  const toolNames = new Map<string, string>();
  const push = (role: string, ps: Json[]) => {
    if (!ps.length) return;
    const last = contents.at(-1);
    if (last && last.role === role) last.parts.push(...ps);
    else contents.push({ role, parts: ps });
  };
  for (const m of Array.isArray(body.messages) ? body.messages.filter(isObject) : []) {
    if (m.role === 'system' || m.role === 'developer') system.push(textOf(m.content));
    else if (m.role === 'assistant') push('model', [...contentParts(m.content), ...functionCalls(m.tool_calls, toolNames)]);
    else if (m.role === 'tool') {
      const name = toolNames.get(String(m.tool_call_id ?? '')) ?? String(m.name ?? 'tool');
      push('user', [{ functionResponse: { name, response: functionResult(textOf(m.content)) } }]);
    } else push('user', contentParts(m.content));
  }
  const out: Json = { contents };
  if (system.length) out.systemInstruction = { parts: [{ text: system.join('\n\n') }] };
  const gen = generationConfig(body);
  if (Object.keys(gen).length) out.generationConfig = gen;
  const decls = Array.isArray(body.tools) ? body.tools.filter(isObject).map(declaration) : [];
  if (decls.length) {
    out.tools = [{ functionDeclarations: decls }];
    const cfg = toolConfig(body.tool_choice);
    if (cfg) out.toolConfig = { functionCallingConfig: cfg };
  }
  return out;
}

function contentParts(content: unknown): Json[] {
  const out: Json[] = [];
  for (const p of parts(content)) {
    if (p.type === 'text' && typeof p.text === 'string') {
      if (p.text) out.push({ text: p.text });
    } else if (p.type === 'image_url') {
      const url = imageUrl(p);
      const inline = dataUrl(url);
      out.push(inline ? { inlineData: { mimeType: inline.mediaType, data: inline.data } } : { fileData: { mimeType: mediaTypeOf(url), fileUri: url } });
    }
  }
  return out;
}

function functionCalls(calls: unknown, names: Map<string, string>): Json[] {
  if (!Array.isArray(calls)) return [];
  return calls.filter(isObject).map((c) => {
    const f = isObject(c.function) ? c.function : {};
    names.set(String(c.id ?? ''), String(f.name ?? ''));
    return { functionCall: { name: String(f.name ?? ''), args: toolArgs(f.arguments) } };
  });
}

/** Gemini wants an object as a function's response: a JSON object result as is, anything else wrapped. */
function functionResult(text: string): Json {
  try {
    const v: unknown = JSON.parse(text);
    if (isObject(v)) return v;
  } catch {
    // plain text
  }
  return { content: text };
}

function generationConfig(body: Json): Json {
  const g: Json = {};
  const num = (from: string, to: string) => typeof body[from] === 'number' && (g[to] = body[from]);
  num('temperature', 'temperature');
  num('top_p', 'topP');
  num('n', 'candidateCount');
  num('presence_penalty', 'presencePenalty');
  num('frequency_penalty', 'frequencyPenalty');
  num('seed', 'seed');
  const max = maxTokens(body);
  if (max) g.maxOutputTokens = max;
  const stop = stopList(body.stop);
  if (stop?.length) g.stopSequences = stop;
  const rf = isObject(body.response_format) ? body.response_format : {};
  if (rf.type === 'json_object' || rf.type === 'json_schema') g.responseMimeType = 'application/json';
  if (rf.type === 'json_schema' && isObject(rf.json_schema) && isObject(rf.json_schema.schema)) g.responseSchema = schema(rf.json_schema.schema);
  return g;
}

function declaration(t: Json): Json {
  const f = isObject(t.function) ? t.function : t;
  const out: Json = { name: String(f.name ?? '') };
  if (typeof f.description === 'string') out.description = f.description;
  if (isObject(f.parameters)) out.parameters = schema(f.parameters);
  return out;
}

function toolConfig(choice: unknown): Json | undefined {
  if (choice === 'auto') return { mode: 'AUTO' };
  if (choice === 'required') return { mode: 'ANY' };
  if (choice === 'none') return { mode: 'NONE' };
  if (isObject(choice) && isObject(choice.function)) return { mode: 'ANY', allowedFunctionNames: [String(choice.function.name ?? '')] };
  return undefined;
}

// JSON Schema keywords Gemini's OpenAPI-subset schema refuses.
const UNSUPPORTED = new Set(['additionalProperties', '$schema', '$id', '$defs', 'strict', 'default', 'examples', 'title']);

/** A JSON Schema reduced to what Gemini accepts. */
export function schema(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(schema);
  if (!isObject(s)) return s;
  const out: Json = {};
  for (const [k, v] of Object.entries(s)) if (!UNSUPPORTED.has(k)) out[k] = k === 'properties' && isObject(v) ? Object.fromEntries(Object.entries(v).map(([p, x]) => [p, schema(x)])) : schema(v);
  return out;
}
