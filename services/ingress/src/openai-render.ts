import type { Protocol, Renderer } from './http-door.ts';
import { sendJson } from './http-door.ts';

/**
 * OpenAI's wire format: the provider's answer passes through byte for byte (it already is OpenAI's format);
 * errors have OpenAI's shape; a broken stream is cut so the client sees an incomplete answer, not a short one.
 */
export const openAiProtocol: Protocol = {
  refuse: (res, e) => sendJson(res, e.status, e.toJSON()),
  renderer: (req) => openAiRenderer(req.stream),
};

function openAiRenderer(stream: boolean): Renderer {
  let done = false;
  return {
    head(res, h, headers) {
      const out: Record<string, string | number> = { ...headers, 'content-type': h.contentType };
      if (h.contentLength !== undefined) out['content-length'] = h.contentLength;
      if (stream && h.status === 200 && h.cache !== 'hit') out['cache-control'] = 'no-cache';
      if (h.retryAfterS) out['retry-after'] = String(h.retryAfterS);
      res.writeHead(h.status, out);
    },
    data(res, bytes) {
      if (stream) done = endsWithDone(bytes);
      return res.write(bytes);
    },
    fail(res, e) {
      if (!res.headersSent) sendJson(res, e.status, e.toJSON());
      else res.destroy();
    },
    end(res) {
      res.end();
    },
    delivered: () => done,
  };
}

const DONE = Buffer.from('data: [DONE]');

/** Whether a chunk of an OpenAI stream ends with its terminator event (the blank line may use CR LF). */
export function endsWithDone(bytes: Uint8Array): boolean {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 10 || bytes[end - 1] === 13)) end--;
  if (end < DONE.length) return false;
  for (let i = 0; i < DONE.length; i++) if (bytes[end - DONE.length + i] !== DONE[i]) return false;
  return true;
}
