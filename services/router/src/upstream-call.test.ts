// One upstream call over undici's dispatch API, against a local HTTP server: what the router relies on when it
// reads an answer, stops reading one early, or cancels one.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './upstream-call.ts';

let server: http.Server;
let pool: Pool;
const sockets = new Set<unknown>();
let closedSockets = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/json') return void res.writeHead(201, { 'content-type': 'application/json', 'x-up': 'yes' }).end('{"ok":true}');
    if (req.url === '/head-only') return void res.writeHead(200, { 'content-type': 'text/event-stream' }).write('data: 1\n\n'); // never ends
    if (req.url === '/slow') return; // no head
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    let i = 0;
    const t = setInterval(() => {
      res.write(`data: ${i}\n\n`);
      if (++i === 3) {
        clearInterval(t);
        res.end();
      }
    }, 5);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => closedSockets++);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 4 });
});

afterAll(async () => {
  await pool.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const get = (path: string, signal = new AbortController().signal) => call(pool, { method: 'GET', path }, signal);
const text = async (body: AsyncIterable<Buffer>) => {
  let s = '';
  for await (const c of body) s += c.toString();
  return s;
};

describe('upstream call', () => {
  it('gives the status and headers, then the body as it arrives, and reuses the connection', async () => {
    const before = sockets.size;
    const a = await get('/json');
    expect([a.statusCode, a.headers['content-type'], a.headers['x-up']]).toEqual([201, 'application/json', 'yes']);
    expect(await text(a.body)).toBe('{"ok":true}');
    await new Promise((r) => setImmediate(r)); // the client settles its finished request after the last chunk
    const b = await get('/stream');
    expect(await text(b.body)).toBe('data: 0\n\ndata: 1\n\ndata: 2\n\n');
    expect(sockets.size - before).toBe(1);
  });

  it('drops the connection when the reader stops early or destroys the body', async () => {
    const closed = closedSockets;
    const a = await get('/head-only');
    for await (const _ of a.body) break;
    expect(a.body.destroyed).toBe(true);
    const b = await get('/head-only');
    b.body.destroy();
    await expect.poll(() => closedSockets - closed).toBe(2);
  });

  it('fails on abort: the pending head rejects, a body being read throws', async () => {
    const ac = new AbortController();
    const head = get('/slow', ac.signal);
    setTimeout(() => ac.abort(new Error('deadline')), 20);
    await expect(head).rejects.toThrow();

    const ac2 = new AbortController();
    const res = await get('/head-only', ac2.signal);
    setTimeout(() => ac2.abort(new Error('client left')), 20);
    await expect(text(res.body)).rejects.toThrow();
  });

  it('does not start a call whose signal is already aborted', async () => {
    const ac = new AbortController();
    ac.abort(new Error('gone'));
    await expect(get('/json', ac.signal)).rejects.toThrow();
  });
});
