// Server-sent events from an OpenAI-compatible stream, scanned as bytes: events are found by their blank-line
// terminator and only the marker strings this router needs are searched for, each once per occurrence in a
// chunk. Only the (single) usage event is parsed as JSON. Pure: the caller reads the clock when `sawContent`
// first turns true.

export interface Usage {
  tokensIn: number;
  tokensOut: number;
}

const DATA = Buffer.from('data:');
const DONE = Buffer.from('[DONE]');
const ERROR = Buffer.from('{"error"');
const LF = 10;
const CR = 13;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const BRACE = 0x7b;

// The keys searched for, with their closing quote (the opening one is checked after a match: a needle that starts
// with a quote stops the native search at every quote of the payload). The text keys come first, in the order
// they are preferred (a delta carries one).
const KEYS = ['content', 'arguments', 'refusal', 'text', 'model', 'usage'].map((k) => Buffer.from(`${k}"`));
const TEXT_KEYS = 4;
const MODEL = 4;
const USAGE = 5;
/** In `next`: the key does not occur again in the buffer. */
const NONE = 0x7fffffff;

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
  /**
   * Per key of KEYS, its next occurrence in the buffer being scanned. Each key is searched for again only once the
   * scan has passed it, so a key that occurs in no event is searched for once per chunk, not once per event.
   */
  private readonly next = new Int32Array(KEYS.length);

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
    this.next.fill(-1);
    for (let end = eventEnd(buf, 0); end > 0; end = eventEnd(buf, start)) {
      if (!this.inspect(buf, start, end)) {
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
   * Records what the event in buf[from, to) says; false if the event must not reach the client. As few native
   * searches as possible, and no Buffer views (each costs more than a search): the model only until it is known,
   * `[DONE]` only in a short event, an error only where the payload starts, one text key per event.
   */
  private inspect(buf: Buffer, from: number, to: number): boolean {
    const data = startsWith(buf, DATA, from) ? from : buf.subarray(from, to).indexOf(DATA) + from;
    if (data < from) return true; // comment, keep-alive or a field-only event
    const payload = data + DATA.length;
    if (to - data < 20 && buf.subarray(payload, to).includes(DONE)) {
      this.done = true;
      return true;
    }
    if (!this.model) {
      const v = this.valueAt(buf, MODEL, payload, to);
      if (v >= 0 && buf[v] === QUOTE) this.model = buf.toString('utf8', v + 1, stringEnd(buf, v + 1, to));
    }
    if (startsWith(buf, ERROR, skipSpaces(buf, payload))) this.sawError = true;
    for (let k = 0; k < TEXT_KEYS; k++) {
      const v = this.valueAt(buf, k, payload, to);
      if (v < 0 || buf[v] !== QUOTE) continue;
      const end = stringEnd(buf, v + 1, to);
      if (end < 0) continue;
      if (end > v + 1) {
        this.contentChars += textChars(buf, v + 1, end);
        this.sawContent = true;
      }
      break;
    }
    const u = this.valueAt(buf, USAGE, payload, to);
    if (u >= 0 && buf[u] === BRACE) return this.readUsage(buf, payload, to);
    return true;
  }

  /** Where the value of key k starts, at its first use as a key in buf[from, to) (not as a string value); else -1. */
  private valueAt(buf: Buffer, k: number, from: number, to: number): number {
    for (;;) {
      let at = this.next[k];
      if (at < from) {
        at = buf.indexOf(KEYS[k], from);
        while (at >= 0 && buf[at - 1] !== QUOTE) at = buf.indexOf(KEYS[k], at + 1);
        this.next[k] = at = at < 0 ? NONE : at;
      }
      if (at >= to) return -1;
      const colon = skipSpaces(buf, at + KEYS[k].length);
      if (buf[colon] === COLON) return skipSpaces(buf, colon + 1);
      from = at + 1;
    }
  }

  private readUsage(buf: Buffer, payload: number, to: number): boolean {
    let json: { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown }; choices?: unknown; model?: unknown };
    try {
      json = JSON.parse(buf.toString('utf8', payload, to));
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

/** Index of the quote closing the JSON string whose text starts at `from` (escapes skipped); -1 if none before `to`. */
function stringEnd(buf: Buffer, from: number, to: number): number {
  for (let j = from; j < to; j++) {
    const b = buf[j];
    if (b === BACKSLASH) j++;
    else if (b === QUOTE) return j;
  }
  return -1;
}

/** Characters of a raw JSON string's text buf[from, to): UTF-8 continuation bytes and escape sequences count once. */
export function textChars(s: Buffer, from = 0, to = s.length): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const b = s[i];
    if (b === BACKSLASH) {
      i += s[i + 1] === 0x75 /* u */ ? 5 : 1;
      n++;
    } else if ((b & 0xc0) !== 0x80) n++;
  }
  return n;
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
