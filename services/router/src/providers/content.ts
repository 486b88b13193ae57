// Pieces of OpenAI chat requests that every translating adapter reads the same way.

const decoder = new TextDecoder();

export type Json = Record<string, unknown>;

/** The body as a JSON object, or undefined when it is not one. */
export function jsonObject(raw: Uint8Array | string): Json | undefined {
  try {
    const v: unknown = JSON.parse(typeof raw === 'string' ? raw : decoder.decode(raw));
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export function isObject(v: unknown): v is Json {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** An OpenAI content part (or plain string content) as a list of parts. */
export function parts(content: unknown): Json[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  return Array.isArray(content) ? content.filter(isObject) : [];
}

/** The text of string or multi-part content (non-text parts are skipped). */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  let s = '';
  for (const p of parts(content)) if (typeof p.text === 'string') s += p.text;
  return s;
}

/** `data:<media type>;base64,<data>` split into its parts; undefined for any other URL. */
export function dataUrl(url: string): { mediaType: string; data: string } | undefined {
  const m = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return m ? { mediaType: m[1], data: m[2] } : undefined;
}

/** The image URL of an `image_url` part ({image_url: {url}} or {image_url: "..."}). */
export function imageUrl(part: Json): string {
  const v = part.image_url;
  return typeof v === 'string' ? v : isObject(v) && typeof v.url === 'string' ? v.url : '';
}

/** Media type guessed from a URL's file extension (providers that need one for remote files). */
export function mediaTypeOf(url: string): string {
  const ext = /\.(\w+)(?:[?#]|$)/.exec(url)?.[1]?.toLowerCase();
  const types: Record<string, string> = { png: 'image/png', gif: 'image/gif', webp: 'image/webp', pdf: 'application/pdf', heic: 'image/heic' };
  return (ext && types[ext]) || 'image/jpeg';
}

/** Tool-call arguments (a JSON string in OpenAI's format) as an object; {} when empty or unreadable. */
export function toolArgs(args: unknown): Json {
  if (isObject(args)) return args;
  if (typeof args !== 'string' || !args.trim()) return {};
  const v = jsonObject(args);
  return v ?? { value: args };
}

/** OpenAI `stop` (string or list) as a list. */
export function stopList(stop: unknown): string[] | undefined {
  if (typeof stop === 'string') return [stop];
  return Array.isArray(stop) ? stop.filter((s): s is string => typeof s === 'string') : undefined;
}

/** max_completion_tokens, else max_tokens. */
export function maxTokens(body: Json): number | undefined {
  const v = body.max_completion_tokens ?? body.max_tokens;
  return typeof v === 'number' && v > 0 ? v : undefined;
}

/** The JSON-mode instruction for providers without a native JSON mode; '' when none was asked. */
export function jsonInstruction(responseFormat: unknown): string {
  if (!isObject(responseFormat)) return '';
  if (responseFormat.type === 'json_object') return 'Respond with a single valid JSON object and nothing else.';
  if (responseFormat.type === 'json_schema' && isObject(responseFormat.json_schema)) {
    const schema = responseFormat.json_schema.schema;
    return `Respond with a single valid JSON object that matches this JSON schema, and nothing else: ${JSON.stringify(schema ?? {})}`;
  }
  return '';
}

export function num(v: unknown): number {
  return typeof v === 'number' && v > 0 ? Math.floor(v) : 0;
}
