import fs from 'node:fs';
import type { ProviderConfig, ProviderKind } from '@tollgate/config';
import { describe, expect, it } from 'vitest';
import { classifyFault, failureBody, failureStatus } from '../domain/classify.ts';
import { classifyUpstream } from './errors.ts';
import type { Adapter, DecodeCtx, Encoded } from './provider.ts';
import { isFailure } from './provider.ts';
import { ADAPTERS } from './registry.ts';

// Every provider adapter against recorded samples of its wire format (fixtures/<format>.json): requests encode as
// the provider expects, JSON answers and streams decode to OpenAI's format, and errors classify into named kinds.

// biome-ignore lint/suspicious/noExplicitAny: fixtures are free-form recorded JSON, read only by assertions
type Json = Record<string, any>;
const load = (name: string): Json => JSON.parse(fs.readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));
const FIXTURES: Record<string, Json> = { openai: load('openai'), anthropic: load('anthropic'), gemini: load('gemini') };
const formatOf = (kind: string) => (kind === 'anthropic' || kind === 'gemini' ? kind : 'openai');
const MODEL: Record<string, string> = { openai: 'gpt-4o', anthropic: 'claude-sonnet-4-20250514', gemini: 'gemini-2.0-flash' };
const AUTH: Record<string, [string, string]> = { anthropic: ['x-api-key', 'k-1'], gemini: ['x-goog-api-key', 'k-1'], azure: ['api-key', 'k-1'] };
const NO_STREAM_OPTIONS = new Set(['mistral', 'perplexity']);

const bytes = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
const text = (b: Uint8Array | string) => (typeof b === 'string' ? b : Buffer.from(b).toString('utf8'));
const cfg = (kind: ProviderKind): ProviderConfig => ({ name: kind, kind, baseUrl: '', apiKey: 'k-1', deployments: { 'gpt-4o': 'prod-4o' } });
const ctx = (over: Partial<DecodeCtx> = {}): DecodeCtx => ({ endpoint: '/chat/completions', model: 'm', clientUsage: false, promptChars: 40, nowS: 1_700_000_000, id: 'chatcmpl-req', ...over });

function encode(a: Adapter, kind: ProviderKind, body: Json, over: Partial<{ endpoint: string; stream: boolean; model: string }> = {}): Encoded {
  const model = over.model ?? MODEL[formatOf(kind)];
  const e = a.encode({ endpoint: over.endpoint ?? '/chat/completions', stream: over.stream ?? false, raw: bytes(body), model, requestedModel: body.model }, cfg(kind));
  if (isFailure(e)) throw new Error(`encode failed: ${e.message}`);
  return e;
}

/** Feeds native events cut in the middle of each (as TCP may), returns the OpenAI events that came out. */
function runStream(a: Adapter, events: string[], clientUsage: boolean) {
  const dec = a.stream(ctx({ clientUsage }));
  let out = '';
  for (const ev of events) {
    const b = Buffer.from(ev);
    const half = b.length >> 1;
    out += text(dec.push(b.subarray(0, half)) ?? '') + text(dec.push(b.subarray(half)) ?? '');
  }
  out += text(dec.end() ?? '');
  const datas = out.split(/\r?\n\r?\n/).filter(Boolean).map((e) => e.replace(/^data: /, ''));
  return { dec, datas, chunks: datas.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d)) };
}

/** Content, tool call and finish reason reassembled from OpenAI chunks. */
function assemble(chunks: Json[]) {
  let content = '';
  let finish: string | null = null;
  const tools: { name: string; args: string }[] = [];
  for (const c of chunks) {
    for (const ch of c.choices ?? []) {
      if (typeof ch.delta?.content === 'string') content += ch.delta.content;
      for (const t of ch.delta?.tool_calls ?? []) {
        tools[t.index] ??= { name: '', args: '' };
        tools[t.index].name += t.function?.name ?? '';
        tools[t.index].args += t.function?.arguments ?? '';
      }
      if (ch.finish_reason) finish = ch.finish_reason;
    }
  }
  return { content, finish, tools };
}

const errorBody = (format: string, status: number, message: string) =>
  format === 'anthropic' ? { type: 'error', error: { type: 'api_error', message } } : format === 'gemini' ? { error: { code: status, message, status: 'X' } } : { error: { message, type: 'x', code: null } };
const BY_STATUS: [number, string][] = [[400, 'bad_request'], [401, 'auth'], [402, 'quota'], [403, 'auth'], [404, 'not_found'], [408, 'timeout'], [413, 'too_large'], [422, 'bad_request'], [429, 'rate_limited'], [500, 'server_error'], [502, 'server_error'], [503, 'server_error'], [504, 'timeout']];

for (const [kind, adapter] of Object.entries(ADAPTERS) as [ProviderKind, Adapter][]) {
  const format = formatOf(kind);
  const fx = FIXTURES[format];

  describe(`provider ${kind} (${format} format)`, () => {
    it('has a default base URL (azure: none, each resource has its own) and puts the key in the right header', () => {
      if (kind === 'azure') expect(adapter.defaultBaseUrl).toBe('');
      else expect(URL.canParse(adapter.defaultBaseUrl)).toBe(true);
      const [name, value] = AUTH[kind] ?? ['authorization', 'Bearer k-1'];
      expect(adapter.headers('k-1', cfg(kind))[name]).toBe(value);
      if (format === 'anthropic') expect(adapter.headers('k', cfg(kind))['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it('encodes a chat request with system prompt, images, tools, tool results and JSON mode', () => {
      const e = encode(adapter, kind, fx.request);
      if (format === 'openai') {
        expect(e.body).toBeInstanceOf(Uint8Array); // passthrough: the client's bytes, unparsed
        expect(JSON.parse(text(e.body))).toEqual(fx.request);
        expect(e.path).toBe(kind === 'azure' ? '/deployments/prod-4o/chat/completions?api-version=2024-10-21' : '/chat/completions');
        expect(JSON.parse(text(encode(adapter, kind, fx.request, { model: 'other' }).body)).model).toBe(kind === 'azure' ? 'gpt-4o' : 'other');
      } else {
        expect(e.path).toBe(fx.expectRequest.path);
        const body = JSON.parse(text(e.body));
        expect(body).toEqual(fx.expectRequest.body);
      }
    });

    it('encodes a stream request that asks for usage', () => {
      const e = encode(adapter, kind, { ...fx.request, stream: true }, { stream: true });
      const body = JSON.parse(text(e.body));
      expect(e.clientUsage).toBe(NO_STREAM_OPTIONS.has(kind));
      expect(e.promptChars).toBeGreaterThan(0);
      if (format === 'openai') expect(body.stream_options).toEqual(NO_STREAM_OPTIONS.has(kind) ? undefined : { include_usage: true });
      if (format === 'anthropic') expect(body.stream).toBe(true);
      if (format === 'gemini') expect(e.path).toBe(fx.expectRequest.streamPath);
    });

    for (const sample of ['json', 'toolJson'] as const) {
      it(`decodes a JSON answer (${sample}) into a chat.completion with usage`, () => {
        const d = adapter.decode(Buffer.from(JSON.stringify(fx[sample].native)), ctx({ model: MODEL[format] }));
        expect(d).toBeDefined();
        const x = fx[sample].expect;
        const out = JSON.parse(text(d!.body));
        expect(out.object).toBe('chat.completion');
        expect(out.choices[0].finish_reason).toBe(x.finish_reason);
        if (x.content !== undefined) expect(out.choices[0].message.content).toBe(x.content);
        if (x.tool) {
          expect(out.choices[0].message.tool_calls[0].function.name).toBe(x.tool);
          expect(JSON.parse(out.choices[0].message.tool_calls[0].function.arguments)).toEqual(x.arguments);
        }
        expect(d!.facts).toMatchObject({ tokensIn: x.tokensIn, tokensOut: x.tokensOut, ...(x.model ? { model: x.model } : {}) });
        expect(out.usage).toMatchObject({ prompt_tokens: x.tokensIn, completion_tokens: x.tokensOut });
      });
    }

    for (const sample of ['stream', 'toolStream'] as const) {
      it(`translates a stream (${sample}) into OpenAI chunks ending in [DONE], with usage`, () => {
        const x = fx[sample].expect;
        for (const clientUsage of [false, true]) {
          const { dec, datas, chunks } = runStream(adapter, fx[sample].native, clientUsage);
          expect(dec.done).toBe(true);
          expect(datas.at(-1)).toBe('[DONE]');
          expect(dec.usage).toEqual({ tokensIn: x.tokensIn, tokensOut: x.tokensOut });
          expect(chunks.some((c) => c.usage && c.choices.length === 0)).toBe(clientUsage);
          const got = assemble(chunks);
          expect(got.finish).toBe(x.finish_reason);
          if (x.content) expect(got.content).toBe(x.content);
          if (x.tool) expect([got.tools[0].name, JSON.parse(got.tools[0].args)]).toEqual([x.tool, x.arguments]);
          expect(dec.sawContent).toBe(true);
        }
      });
    }

    it('notices a stream cut before its end', () => {
      const { dec } = runStream(adapter, fx.stream.native.slice(0, -1), false);
      expect(dec.done).toBe(false);
    });

    if (fx.embeddings && adapter.supports('/embeddings')) {
      it('forwards embeddings and decodes them to an OpenAI list (floats, or base64 when asked)', () => {
        const e = encode(adapter, kind, fx.embeddings.request, { endpoint: '/embeddings', model: fx.embeddings.request.model });
        if (fx.embeddings.expectRequest) expect([e.path, JSON.parse(text(e.body))]).toEqual([fx.embeddings.expectRequest.path, fx.embeddings.expectRequest.body]);
        const d = adapter.decode(Buffer.from(JSON.stringify(fx.embeddings.native)), ctx({ endpoint: '/embeddings', promptChars: e.promptChars, memo: e.memo }));
        const out = JSON.parse(text(d!.body));
        expect(out.data.map((v: Json) => v.embedding)).toEqual(fx.embeddings.expect.vectors);
        expect(d!.facts.tokensIn).toBe(fx.embeddings.expect.tokensIn);
      });
    } else {
      it('refuses embeddings without calling the provider', () => {
        expect(adapter.supports('/embeddings')).toBe(false);
        const e = adapter.encode({ endpoint: '/embeddings', stream: false, raw: bytes({ input: 'x' }), model: 'm', requestedModel: 'm' }, cfg(kind));
        expect(isFailure(e) && e.reason).toBe('unsupported');
      });
    }

    it('passes the legacy /completions endpoint through when the format has it', () => {
      expect(adapter.supports('/completions')).toBe(format === 'openai');
      if (format === 'openai') expect(encode(adapter, kind, { model: 'gpt-4o', prompt: 'hi' }, { endpoint: '/completions' }).path).toMatch(/\/completions/);
    });

    it('classifies recorded provider errors into named kinds', () => {
      for (const e of fx.errors) {
        const f = classifyUpstream(e.status, JSON.stringify(e.body), { retryAfter: e.headers?.['retry-after'], retryAfterMs: e.headers?.['retry-after-ms'] }, 0);
        expect([e.status, f.reason]).toEqual([e.status, e.reason]);
        if (e.retryAfterS) expect(f.retryAfterS).toBe(e.retryAfterS);
      }
    });

    it('classifies every status (and non-JSON error bodies) into a named kind, leaking no credential or URL', () => {
      for (const [status, reason] of BY_STATUS) {
        for (const body of [JSON.stringify(errorBody(format, status, 'failed for key sk-live-0123456789 at https://10.0.0.7/v1')), '<html>bad gateway</html>', '']) {
          const f = classifyUpstream(status, body, {}, 0);
          expect([status, f.reason]).toEqual([status, reason]);
          expect(failureBody(f)).not.toMatch(/sk-live|10\.0\.0\.7|https?:/);
          expect(failureStatus(f)).toBeGreaterThanOrEqual(400);
        }
      }
    });

    it('refuses a malformed 200 answer (decoded as undefined, classified malformed)', () => {
      expect(adapter.decode(Buffer.from('{"choices": [ oops'), ctx())).toBeUndefined();
      expect(classifyFault('malformed').reason).toBe('malformed');
    });
  });
}
