import { eventEnd } from '../domain/sse.ts';
import { jsonObject, type Json } from './content.ts';

/** One server-sent event: its `event:` name ('' if none) and its `data:` parsed as JSON (undefined if not). */
export interface NativeEvent {
  event: string;
  data: Json | undefined;
}

/**
 * Splits a native SSE byte stream into whole events, keeping a partial event for the next chunk. Translating
 * adapters parse every event (they must rewrite it), unlike the OpenAI passthrough which only scans bytes.
 */
export class SseEvents {
  private rest: Buffer | undefined;

  push(chunk: Buffer): NativeEvent[] {
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    const out: NativeEvent[] = [];
    let start = 0;
    for (let end = eventEnd(buf, 0); end > 0; end = eventEnd(buf, start)) {
      const ev = parseEvent(buf.toString('utf8', start, end));
      if (ev) out.push(ev);
      start = end;
    }
    this.rest = start < buf.length ? buf.subarray(start) : undefined;
    return out;
  }

  /** The last event when the stream ended without its terminating blank line. */
  end(): NativeEvent[] {
    const rest = this.rest;
    this.rest = undefined;
    const ev = rest && parseEvent(rest.toString('utf8'));
    return ev ? [ev] : [];
  }
}

function parseEvent(text: string): NativeEvent | undefined {
  let event = '';
  let data = '';
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data += (data ? '\n' : '') + line.slice(5).trimStart();
  }
  if (!event && !data) return undefined;
  return { event, data: data ? jsonObject(data) : undefined };
}
