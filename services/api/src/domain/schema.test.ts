import { describe, expect, it } from 'vitest';
import { arr, dateTime, dict, nullable, num, obj, oneOf, optional, str } from './schema.ts';

const fails = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as { kind: string; param: string | undefined; message: string };
  }
  throw new Error('expected a failure');
};

const s = obj({
  name: str({ max: 5 }),
  n: optional(num({ min: 0, max: 10, integer: true })),
  tags: optional(arr(obj({ k: oneOf(['a', 'b']) }), { min: 1, max: 2 })),
  meta: optional(nullable(dict(str({ min: 0, max: 3 }), { key: str({ max: 4, pattern: /^[a-z]+$/ }), maxKeys: 2 }))),
  at: optional(dateTime()),
});

describe('schemas', () => {
  it('parse valid values (trimming strings) and leave absent optionals out', () => {
    expect(s.parse({ name: ' ab ', n: 3, tags: [{ k: 'a' }], meta: null, at: '2030-01-01T00:00:00Z' }, '')).toEqual({
      name: 'ab',
      n: 3,
      tags: [{ k: 'a' }],
      meta: null,
      at: new Date('2030-01-01T00:00:00Z'),
    });
    expect(s.parse({ name: 'x' }, '')).toEqual({ name: 'x' });
  });

  it('name the offending field in param', () => {
    const cases: [unknown, string][] = [
      [{}, 'name'],
      [{ name: 'toolong' }, 'name'],
      [{ name: 'a', n: 1.5 }, 'n'],
      [{ name: 'a', n: 11 }, 'n'],
      [{ name: 'a', tags: [] }, 'tags'],
      [{ name: 'a', tags: [{ k: 'c' }] }, 'tags[0].k'],
      [{ name: 'a', tags: [{ k: 'a', x: 1 }] }, 'tags[0].x'],
      [{ name: 'a', meta: { ab: 'long' } }, 'meta.ab'],
      [{ name: 'a', meta: { AB: 'x' } }, 'meta.AB'],
      [{ name: 'a', at: '2030-01-01' }, 'at'],
      [{ name: 'a', other: true }, 'other'],
    ];
    for (const [v, param] of cases) expect(fails(() => s.parse(v, '')), JSON.stringify(v)).toMatchObject({ kind: 'invalid_request', param });
  });

  it('render as JSON Schema, closed and with required fields', () => {
    expect(s.json).toMatchObject({ type: 'object', required: ['name'], additionalProperties: false });
    expect((s.json.properties as Record<string, unknown>).meta).toMatchObject({ type: ['object', 'null'], maxProperties: 2 });
    expect((s.json.properties as Record<string, unknown>).n).toEqual({ type: 'integer', minimum: 0, maximum: 10 });
  });
});
