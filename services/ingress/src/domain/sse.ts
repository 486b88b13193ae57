// Incremental Server-Sent Events reader (pure, stateful): feed it bytes as they arrive, get back the `data` of
// each complete event. Handles events split across chunks and LF or CRLF line ends.

export interface SseReader {
  /** The data payloads of the events completed by this chunk. */
  push(chunk: Uint8Array): string[];
  /** The data of a last event that was not terminated by a blank line (a stream cut short). */
  end(): string[];
}

export function createSseReader(): SseReader {
  const decoder = new TextDecoder();
  let buf = '';

  function take(final: boolean): string[] {
    const out: string[] = [];
    buf = buf.replace(/\r\n?/g, '\n');
    let at = buf.indexOf('\n\n');
    while (at >= 0) {
      const data = dataOf(buf.slice(0, at));
      if (data !== undefined) out.push(data);
      buf = buf.slice(at + 2);
      at = buf.indexOf('\n\n');
    }
    if (final && buf.trim()) {
      const data = dataOf(buf);
      if (data !== undefined) out.push(data);
      buf = '';
    }
    return out;
  }

  return {
    push(chunk) {
      buf += decoder.decode(chunk, { stream: true });
      return take(false);
    },
    end() {
      buf += decoder.decode();
      return take(true);
    },
  };
}

function dataOf(event: string): string | undefined {
  const lines: string[] = [];
  for (const line of event.split('\n')) {
    if (line.startsWith('data:')) lines.push(line.slice(line.startsWith('data: ') ? 6 : 5));
  }
  return lines.length ? lines.join('\n') : undefined;
}
