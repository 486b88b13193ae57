import { describe, expect, it } from 'vitest';
import { cacheKey, canonicalJson } from './key.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const key = (body: unknown, project = 'p1') => cacheKey(project, bytes(typeof body === 'string' ? body : JSON.stringify(body)));
const base = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], temperature: 0 };

describe('cacheKey', () => {
  it('ignores key order and whitespace at every depth', () => {
    const a = key('{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"temperature":0}');
    const b = key(' {\n  "temperature" : 0,\n  "messages": [ { "content": "hi", "role": "user" } ],\n  "model": "gpt-4o-mini"\n}\n');
    expect(a).toBeDefined();
    expect(a).toBe(b);
  });

  it('scopes keys by project', () => {
    expect(key(base, 'p1')).toMatch(/^p1:[0-9a-f]{64}$/);
    expect(key(base, 'p1')).not.toBe(key(base, 'p2'));
  });

  it.each([
    ['model', { ...base, model: 'gpt-4o' }],
    ['message content', { ...base, messages: [{ role: 'user', content: 'hi!' }] }],
    ['temperature', { ...base, temperature: 0.2 }],
    ['stream', { ...base, stream: true }],
    ['stream_options', { ...base, stream: true, stream_options: { include_usage: true } }],
    ['tools', { ...base, tools: [{ type: 'function', function: { name: 'f' } }] }],
    ['a string that only differs in type', { ...base, temperature: '0' }],
  ])('changes when %s changes', (_what, other) => {
    expect(key(other)).not.toBe(key(base));
  });

  it('keeps array order significant', () => {
    expect(key({ stop: ['a', 'b'] })).not.toBe(key({ stop: ['b', 'a'] }));
  });

  it.each([['not json', '{"model":'], ['an array', '[1,2]'], ['a string', '"x"'], ['null', 'null'], ['empty', ''], ['bad utf-8', '\uFFFD']])(
    'is undefined for %s',
    (_what, body) => {
      const raw = body === '\uFFFD' ? new Uint8Array([0x7b, 0xff, 0x7d]) : bytes(body);
      expect(cacheKey('p1', raw)).toBeUndefined();
    },
  );
});

describe('canonicalJson', () => {
  it('sorts keys, keeps __proto__ as a plain key, writes numbers as JSON', () => {
    expect(canonicalJson(JSON.parse('{"b":1.0,"__proto__":{"y":1,"x":[2,{"d":1,"c":null}]},"a":"é"}'))).toBe(
      '{"__proto__":{"x":[2,{"c":null,"d":1}],"y":1},"a":"é","b":1}',
    );
  });

  it('orders integer-like and non-ASCII keys by UTF-16 code units, as sort() does, and keeps empty containers', () => {
    // V8 lists integer-like keys first, in numeric order ("9" before "10"); the canonical order is "10" < "9".
    const value = JSON.parse('{"9":[],"10":{},"b":[{}],"B":[[]],"\uffff":1,"\ud83d\ude00":2,"a":{"z":[1,[]],"y":{}}}');
    expect(canonicalJson(value)).toBe('{"10":{},"9":[],"B":[[]],"a":{"y":{},"z":[1,[]]},"b":[{}],"😀":2,"\uffff":1}');
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${(i * 7) % 40}`, i])); // past the insertion sort
    expect(Object.keys(JSON.parse(canonicalJson(many)))).toEqual(Object.keys(many).sort());
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
  });
});
