import { describe, expect, it } from 'vitest';
import { eventEnd, SseScanner, textChars } from './sse.ts';

const head = 'data: {"id":"c1","object":"chat.completion.chunk","model":"gpt-4o-mini-2024-07-18","choices":[';
const role = `${head}{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null}\n\n`;
const hello = `${head}{"index":0,"delta":{"content":"Hello"},"finish_reason":null}],"usage":null}\n\n`;
const world = `${head}{"index":0,"delta":{"content":" wörld \\"q\\""},"finish_reason":null}],"usage":null}\n\n`;
const stop = `${head}{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}\n\n`;
const usage = `${head}],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}\n\n`;
const done = 'data: [DONE]\n\n';
const stream = role + hello + world + stop + usage + done;

/** Feeds `text` cut at the given byte offsets; returns the scanner and everything it let through. */
function scan(text: string, cuts: number[], keepUsage: boolean) {
  const bytes = Buffer.from(text);
  const s = new SseScanner(keepUsage);
  const out: Buffer[] = [];
  let from = 0;
  for (const at of [...cuts, bytes.length]) {
    const o = s.push(bytes.subarray(from, at));
    if (o) out.push(o);
    from = at;
  }
  return { s, out };
}

describe('SseScanner', () => {
  it('reads usage and the served model, and sees the end of the stream', () => {
    const { s } = scan(stream, [], true);
    expect(s.usage).toEqual({ tokensIn: 12, tokensOut: 3 });
    expect(s.model).toBe('gpt-4o-mini-2024-07-18');
    expect(s.done).toBe(true);
    expect(s.sawContent).toBe(true);
  });

  it('passes the usage event when the client asked for it, and removes it when not', () => {
    expect(Buffer.concat(scan(stream, [], true).out).toString()).toBe(stream);
    expect(Buffer.concat(scan(stream, [], false).out).toString()).toBe(role + hello + world + stop + done);
  });

  it('gives the same result wherever the TCP chunks split the events', () => {
    const total = Buffer.byteLength(stream);
    for (let at = 1; at < total; at += 7) {
      for (const keep of [true, false]) {
        const { s, out } = scan(stream, [at, Math.min(total, at + 50)], keep);
        const text = Buffer.concat(out).toString();
        expect(text).toBe(keep ? stream : role + hello + world + stop + done);
        expect(s.usage).toEqual({ tokensIn: 12, tokensOut: 3 });
        expect(s.done).toBe(true);
      }
    }
  });

  it('emits only whole events: a partial event waits for the rest', () => {
    const cut = Buffer.byteLength(role) + 10;
    const s = new SseScanner(true);
    const first = s.push(Buffer.from(stream).subarray(0, cut));
    expect(first?.toString()).toBe(role);
    expect(s.pending).toBe(10);
  });

  it('does not see content in the role-only first event (ttft starts at the first real content)', () => {
    const s = new SseScanner(false);
    s.push(Buffer.from(role));
    expect(s.sawContent).toBe(false);
    s.push(Buffer.from(hello));
    expect(s.sawContent).toBe(true);
  });

  it('counts generated characters for an estimate when no usage arrives', () => {
    const { s } = scan(role + hello + world + stop + done, [], false);
    expect(s.usage).toBeUndefined();
    expect(s.contentChars).toBe('Hello'.length + ' wörld "q"'.length);
  });

  it('counts tool-call arguments when the text is null, and sees content in a tool call as content', () => {
    const call = `${head}{"index":0,"delta":{"content":null,"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":"}}]},"finish_reason":null}]}\n\n`;
    const { s } = scan(role + call + done, [], false);
    expect(s.sawContent).toBe(true);
    expect(s.contentChars).toBe('{"city":'.length);
  });

  it('takes an error only where the payload starts, not a quoted one inside the text', () => {
    expect(scan(`${role}data:   {"error":{"message":"overloaded"}}\n\n`, [], false).s.sawError).toBe(true);
    const quoted = `${head}{"index":0,"delta":{"content":"say {\\"error\\"}"},"finish_reason":null}]}\n\n`;
    expect(scan(role + quoted + done, [], false).s.sawError).toBe(false);
  });

  it('notices a stream that never sent [DONE] and an error event', () => {
    expect(scan(role + hello, [], false).s.done).toBe(false);
    const { s } = scan(`${role}data: {"error":{"message":"overloaded"}}\n\n`, [], false);
    expect(s.sawError).toBe(true);
  });

  it('accepts CRLF line endings and comments', () => {
    const crlf = `: keep-alive\r\n\r\n${hello.replace('\n\n', '\r\n\r\n')}data: [DONE]\r\n\r\n`;
    const { s, out } = scan(crlf, [3, 20], false);
    expect(Buffer.concat(out).toString()).toBe(crlf);
    expect(s.done && s.sawContent).toBe(true);
  });

  it('finds a key past a longer one that ends with its name, and past the name as a string value', () => {
    const ev = `${head}{"index":0,"delta":{"type":"content","discontent":"no","content":"Hi"},"finish_reason":null}],"usage":null}\n\n`;
    const { s } = scan(ev + done, [], false);
    expect(s.contentChars).toBe(2);
    expect(s.sawContent).toBe(true);
  });

  it('reads usage written with spaces', () => {
    const { s } = scan('data: {"choices": [], "usage": {"prompt_tokens": 5, "completion_tokens": 2}}\n\ndata: [DONE]\n\n', [], false);
    expect(s.usage).toEqual({ tokensIn: 5, tokensOut: 2 });
  });
});

describe('eventEnd / textChars', () => {
  it('finds blank-line terminators', () => {
    expect(eventEnd(Buffer.from('data: x\n\nrest'), 0)).toBe(9);
    expect(eventEnd(Buffer.from('data: x\n'), 0)).toBe(-1);
  });

  it('counts escapes and multi-byte characters once', () => {
    expect(textChars(Buffer.from('a\\nb\\u00e9ö'))).toBe(5);
  });
});
