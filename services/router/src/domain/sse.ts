// Server-sent events from an OpenAI-compatible stream, scanned as bytes: events are found by their blank-line
// terminator and only the marker strings this router needs are searched for. Only the (single) usage event is
// parsed as JSON. Pure: the caller reads the clock when `sawContent` first turns true.

export interface Usage {
  tokensIn: number;
  tokensOut: number;
}

const DATA = Buffer.from('data:');
const DONE = Buffer.from('[DONE]');
const USAGE = Buffer.from('"usage"');
const CONTENT_KEYS = ['"content"', '"arguments"', '"refusal"', '"text"'].map((k) => Buffer.from(k));
const MODEL = Buffer.from('"model"');
const ERROR = Buffer.from('{"error"');
const LF = 10;
const CR = 13;

export class SseScanner {
  /** `data: [DONE]` arrived: the stream is complete. */
  done = false;
  /** A content (or tool-call) event has passed. */
  sawContent = false;
  /** The provider sent an error event in place of content. */
  sawError = false;
  usage: Usage | undefined;
  /** Model named by the first event that names one (the served model). */
  model = '';
  /** Characters of generated text seen, for estimating tokens when no usage arrives. */
  contentChars = 0;
  private readonly keepUsage: boolean;
  private rest: Buffer | undefined;

  /** keepUsage: whether the client asked for the usage event; if not, it is removed from the output. */
  constructor(keepUsage: boolean) {
    this.keepUsage = keepUsage;
  }

  /**
   * Takes the next chunk of the body and returns the complete events it finishes, as one buffer ending on an
   * event boundary (undefined when none is complete yet). A partial event is kept for the next chunk.
   */
  push(chunk: Buffer): Buffer | undefined {
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    let start = 0;
    let keptFrom = 0;
    let parts: Buffer[] | undefined;
    for (let end = eventEnd(buf, 0); end > 0; end = eventEnd(buf, start)) {
      const ev = buf.subarray(start, end);
      if (!this.inspect(ev)) {
        parts ??= [];
        if (start > keptFrom) parts.push(buf.subarray(keptFrom, start));
        keptFrom = end;
      }
      start = end;
    }
    this.rest = start < buf.length ? buf.subarray(start) : undefined;
    if (parts && start > keptFrom) parts.push(buf.subarray(keptFrom, start));
    const out = parts ? Buffer.concat(parts) : buf.subarray(0, start);
    return out.length > 0 ? out : undefined;
  }

  /** Nothing to flush: an unterminated event left at the end belongs to a cut stream and is dropped. */
  end(): Buffer | undefined {
    return undefined;
  }

  /** Bytes of an unterminated event left when the stream ended (a cut stream). */
  get pending(): number {
    return this.rest?.length ?? 0;
  }

  /**
   * Records what the event says; false if the event must not reach the client. Every search is a native call on
   * each of a stream's events, so there are as few as possible: the model only until it is known, `[DONE]` only in
   * a short event, an error only where the payload starts, and one text key per event (a delta carries one).
   */
  private inspect(ev: Buffer): boolean {
    const data = startsWith(ev, DATA, 0) ? 0 : ev.indexOf(DATA);
    if (data < 0) return true; // comment, keep-alive or a field-only event
    if (ev.length - data < 20 && ev.indexOf(DONE, data) >= 0) {
      this.done = true;
      return true;
    }
    if (!this.model) this.model = stringAt(ev, MODEL, data)?.toString('utf8') ?? '';
    if (startsWith(ev, ERROR, skipSpaces(ev, data + DATA.length))) this.sawError = true;
    for (const key of CONTENT_KEYS) {
      const s = stringAt(ev, key, data);
      if (!s) continue;
      if (s.length > 0) {
        this.contentChars += textChars(s);
        this.sawContent = true;
      }
      break;
    }
    const u = ev.indexOf(USAGE, data);
    if (u >= 0 && valueStartsObject(ev, u + USAGE.length)) return this.readUsage(ev, data);
    return true;
  }

  private readUsage(ev: Buffer, data: number): boolean {
    let json: { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown }; choices?: unknown; model?: unknown };
    try {
      json = JSON.parse(ev.toString('utf8', data + 5));
    } catch {
      return true;
    }
    const u = json.usage ?? {};
    this.usage = { tokensIn: count(u.prompt_tokens), tokensOut: count(u.completion_tokens) };
    if (typeof json.model === 'string' && json.model) this.model = json.model;
    const usageOnly = Array.isArray(json.choices) && json.choices.length === 0;
    return this.keepUsage || !usageOnly;
  }
}

/** End (exclusive) of the first event at or after `from`: after its blank line (LF LF or CR LF CR LF); -1 if none. */
export function eventEnd(buf: Buffer, from: number): number {
  for (let i = buf.indexOf(LF, from); i >= 0; i = buf.indexOf(LF, i + 1)) {
    if (buf[i + 1] === LF) return i + 2;
    if (buf[i + 1] === CR && buf[i + 2] === LF) return i + 3;
  }
  return -1;
}

/** The raw bytes of the JSON string value of `key` (first occurrence after `from`), without its quotes. */
export function stringAt(buf: Buffer, key: Buffer, from: number): Buffer | undefined {
  const k = buf.indexOf(key, from);
  if (k < 0) return undefined;
  let i = skipSpaces(buf, k + key.length);
  if (buf[i] !== 0x3a /* : */) return undefined;
  i = skipSpaces(buf, i + 1);
  if (buf[i] !== 0x22 /* " */) return undefined;
  const start = i + 1;
  for (let j = start; j < buf.length; j++) {
    if (buf[j] === 0x5c /* \ */) j++;
    else if (buf[j] === 0x22) return buf.subarray(start, j);
  }
  return undefined;
}

/** Characters of a raw JSON string: UTF-8 continuation bytes and escape sequences count once. */
export function textChars(s: Buffer): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const b = s[i];
    if (b === 0x5c) {
      i += s[i + 1] === 0x75 /* u */ ? 5 : 1;
      n++;
    } else if ((b & 0xc0) !== 0x80) n++;
  }
  return n;
}

function valueStartsObject(buf: Buffer, i: number): boolean {
  i = skipSpaces(buf, i);
  if (buf[i] !== 0x3a) return false;
  return buf[skipSpaces(buf, i + 1)] === 0x7b /* { */;
}

function skipSpaces(buf: Buffer, i: number): number {
  while (buf[i] === 0x20 || buf[i] === 0x09) i++;
  return i;
}

function count(v: unknown): number {
  return typeof v === 'number' && v > 0 ? Math.floor(v) : 0;
}

function startsWith(buf: Buffer, prefix: Buffer, at: number): boolean {
  if (at + prefix.length > buf.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[at + i] !== prefix[i]) return false;
  return true;
}
