import { request as httpRequest, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { create } from '@bufbuild/protobuf';
import { createMemoryBus } from '@tollgate/bus';
import { hashApiKey } from '@tollgate/db';
import { decodeEnvelope, decodePayload, ensureStreams } from '@tollgate/events';
import { LookupResponseSchema } from '@tollgate/proto/cache';
import { ErrorClass, type RequestCompleted, RequestCompletedSchema } from '@tollgate/proto/events';
import { type CompleteChunk, CompleteChunkSchema } from '@tollgate/proto/router';
import { createLogger, Registry } from '@tollgate/telemetry';
import { afterEach, describe, expect, it } from 'vitest';
import { createIngress } from './app.ts';
import { endsWithDone } from './openai-render.ts';

// A client that leaves: over a real socket, since what matters is when the close reaches the door relative to the
// router's chunks. The router is scripted to send its trailer (usage) 50 ms after `data: [DONE]`, as a router in
// another process may under load.
const KEY = 'tg_test_key_0123456789';
const enc = new TextEncoder();
const chunk = (kind: CompleteChunk['kind']) => create(CompleteChunkSchema, { kind });
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    const stop = () => {
      clearTimeout(t);
      resolve();
    };
    signal?.addEventListener('abort', stop, { once: true });
  });

async function setup() {
  const bus = createMemoryBus();
  await ensureStreams(bus);
  const signals: AbortSignal[] = [];
  const ingress = createIngress({
    cache: { lookup: async () => create(LookupResponseSchema, {}) },
    router: {
      complete: async function* (_req, opts) {
        const signal = opts?.signal ?? new AbortController().signal;
        signals.push(signal);
        yield chunk({ case: 'head', value: { status: 200, contentType: 'text/event-stream', provider: 'openai', model: 'm' } as never });
        yield chunk({ case: 'data', value: enc.encode('data: {"choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\n') });
        await sleep(50, signal);
        yield chunk({ case: 'data', value: enc.encode('data: {"choices":[],"usage":{"prompt_tokens":4,"completion_tokens":1}}\n\ndata: [DONE]\n\n') });
        await sleep(50, signal);
        if (signal.aborted) return yield chunk({ case: 'trailer', value: { errorClass: ErrorClass.CANCELLED, provider: 'openai', model: 'm' } as never });
        yield chunk({ case: 'trailer', value: { tokensIn: 4, tokensOut: 1, provider: 'openai', model: 'm' } as never });
      },
    },
    publisher: bus,
    keys: async (hash) => (hash === hashApiKey(KEY) ? { keyId: 'k1', projectId: 'p1' } : undefined),
    health: async () => ({ db: 'up' }),
    metrics: new Registry(),
    logger: createLogger({ level: 'error' }),
    maxBodyBytes: 1024,
  });
  const events: RequestCompleted[] = [];
  await bus.consume({ durable: 't', filter: 'tg.events.request.>' }, async (batch) => {
    for (const d of batch) events.push(decodePayload(RequestCompletedSchema, decodeEnvelope(d.data)));
  });
  const server = createServer(ingress.handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  /** Streams a chat completion and hangs up as soon as `leaveAt` appears in what was read. */
  const streamAndLeave = (leaveAt: string) =>
    new Promise<string>((resolve, reject) => {
      const body = JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] });
      const req = httpRequest({ port: (server.address() as AddressInfo).port, host: '127.0.0.1', method: 'POST', path: '/v1/chat/completions', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (b: Buffer) => {
          text += b.toString();
          if (text.includes(leaveAt)) {
            req.destroy();
            resolve(text);
          }
        });
      });
      req.on('error', () => undefined);
      req.on('close', () => reject(new Error('closed before the expected text')));
      req.end(body);
    });
  const until = async (cond: () => boolean) => {
    for (let i = 0; i < 200 && !cond(); i++) await sleep(10);
  };
  return { events, cancelled: () => signals.map((s) => s.aborted), streamAndLeave, until, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('a client that leaves', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it('at `data: [DONE]` cancels nothing: the call ends on its own and the event has its usage', async () => {
    const t = await setup();
    close = t.close;
    await t.streamAndLeave('[DONE]');
    await t.until(() => t.events.length > 0);
    expect(t.cancelled()).toEqual([false]);
    expect(t.events).toHaveLength(1);
    expect(t.events[0]).toMatchObject({ status: 200, errorClass: ErrorClass.NONE, tokensIn: 4, tokensOut: 1 });
  });

  it('mid-stream cancels the call, and the event says cancelled (499)', async () => {
    const t = await setup();
    close = t.close;
    await t.streamAndLeave('"Hi"');
    await t.until(() => t.events.length > 0);
    expect(t.cancelled()).toEqual([true]);
    expect(t.events[0]).toMatchObject({ status: 499, errorClass: ErrorClass.CANCELLED });
  });
});

describe('endsWithDone', () => {
  it('finds the terminator at the end of a chunk, with LF or CR LF, and nowhere else', () => {
    expect(endsWithDone(enc.encode('data: {"a":1}\n\ndata: [DONE]\n\n'))).toBe(true);
    expect(endsWithDone(enc.encode('data: [DONE]\r\n\r\n'))).toBe(true);
    expect(endsWithDone(enc.encode('data: [DONE]\n\ndata: {"a":1}\n\n'))).toBe(false);
    expect(endsWithDone(enc.encode('[DONE]\n\n'))).toBe(false);
    expect(endsWithDone(enc.encode(''))).toBe(false);
  });
});
