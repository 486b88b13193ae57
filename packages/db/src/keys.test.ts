import { describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey, keyPrefix } from './keys.ts';

describe('api keys', () => {
  it('are tg_ plus 40 alphanumerics and differ each time', () => {
    const a = generateApiKey();
    expect(a).toMatch(/^tg_[A-Za-z0-9]{40}$/);
    expect(generateApiKey()).not.toBe(a);
  });

  it('are determined by the random bytes given', () => {
    const bytes = new Uint8Array(40).map((_, i) => i);
    expect(generateApiKey(bytes)).toBe(generateApiKey(bytes));
    expect(generateApiKey(bytes).slice(3, 8)).toBe('ABCDE');
    expect(() => generateApiKey(new Uint8Array(10))).toThrow(RangeError);
  });

  it('hash to sha256 hex, and show a 10-character prefix', () => {
    expect(hashApiKey('tg_x')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey('tg_x')).not.toBe(hashApiKey('tg_y'));
    expect(keyPrefix('tg_ABCDEFGHIJ')).toBe('tg_ABCDEFG');
  });
});
