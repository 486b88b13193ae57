// Test support: a small in-process fake of the Gemini API (generateContent, streamGenerateContent?alt=sse,
// batchEmbedContents) on a loopback port. Faults by model name, as the shared mock: fail-<status>.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGemini {
  /** Base URL including /v1beta, as a provider's baseUrl. */
  url: string;
  /** Request bodies received, in order (for asserting the translation). */
  bodies: Record<string, unknown>[];
  stop(): Promise<void>;
}

const WORDS = ['Hello', ' from', ' Gemini', '.'];

export async function startFakeGemini(): Promise<FakeGemini> {
  const bodies: Record<string, unknown>[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const m = /^\/v1beta\/models\/([^:]+):(\w+)/.exec(req.url ?? '');
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      bodies.push(body);
      const fail = /fail-(\d{3})/.exec(m?.[1] ?? '');
      if (!m || req.headers['x-goog-api-key'] !== 'g-key') return send(res, m ? 403 : 404, { error: { code: 403, message: 'denied', status: 'PERMISSION_DENIED' } });
      if (fail) return send(res, Number(fail[1]), { error: { code: Number(fail[1]), message: 'injected', status: 'UNAVAILABLE' } });
      const usage = { promptTokenCount: 7, candidatesTokenCount: WORDS.length, totalTokenCount: 7 + WORDS.length };
      const candidate = (text: string, finish?: string) => ({ content: { role: 'model', parts: [{ text }] }, index: 0, ...(finish ? { finishReason: finish } : {}) });
      if (m[2] === 'generateContent') return send(res, 200, { candidates: [candidate(WORDS.join(''), 'STOP')], usageMetadata: usage, modelVersion: `${m[1]}-001` });
      if (m[2] === 'batchEmbedContents') return send(res, 200, { embeddings: (body.requests as unknown[]).map((_, i) => ({ values: [i, 0.5] })) });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      WORDS.forEach((w, i) => {
        const last = i === WORDS.length - 1;
        res.write(`data: ${JSON.stringify({ candidates: [candidate(w, last ? 'STOP' : undefined)], usageMetadata: last ? usage : { promptTokenCount: 7 }, modelVersion: `${m[1]}-001` })}\r\n\r\n`);
      });
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1beta`, bodies, stop: () => new Promise((r) => server.close(() => r())) };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
