import { describe, expect, it } from 'vitest';
import { createRedactor, luhn, REDACTED, redact } from './redact.ts';

describe('redact', () => {
  it('hides email addresses', () => {
    expect(redact('write to jane.doe+tag@mail.example.co.uk today')).toBe(`write to ${REDACTED.email} today`);
  });

  it('hides API keys of common formats and bearer tokens', () => {
    const keys = [
      'sk-proj-abcdefghijklmnop1234',
      'sk-ant-api03-abcdefghijklmnopqrstu',
      'tg_0123456789abcdefghij',
      'AKIAIOSFODNN7EXAMPLE',
      `ghp_${'a'.repeat(36)}`,
      'xoxb-1234567890-abcdef',
      `AIza${'b'.repeat(35)}`,
      'gsk_abcdefghijklmnopqrstuvwx',
    ];
    for (const k of keys) expect(redact(`key=${k} end`)).toBe(`key=${REDACTED.key} end`);
    expect(redact('Authorization: Bearer abc.def-ghi_jkl~mno/pqr==')).toBe(`Authorization: Bearer ${REDACTED.key}`);
  });

  it('hides card numbers that pass the Luhn check, grouped or not', () => {
    expect(redact('card 4111 1111 1111 1111 ok')).toBe(`card ${REDACTED.card} ok`);
    expect(redact('card 5500-0000-0000-0004.')).toBe(`card ${REDACTED.card}.`);
    expect(redact('378282246310005')).toBe(REDACTED.card);
  });

  it('keeps ordinary text, numbers that are not cards, and JSON valid', () => {
    expect(redact('order 1234567890123 shipped; 42 items; sk-short')).toBe('order 1234567890123 shipped; 42 items; sk-short');
    const json = JSON.stringify({ user: 'a@b.io', note: 'call me', card: '4111111111111111' });
    expect(JSON.parse(redact(json))).toEqual({ user: REDACTED.email, note: 'call me', card: REDACTED.card });
    expect(redact('')).toBe('');
  });

  it('checks Luhn sums', () => {
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('4111111111111112')).toBe(false);
  });
});

describe('createRedactor', () => {
  it("adds a deployment's own patterns to the built-in ones, every match replaced", () => {
    const r = createRedactor([/ACME-\d{4}/, /secret-word/i]);
    expect(r('ACME-1234 and ACME-5678 by jane@example.com, Secret-Word')).toBe(`${REDACTED.custom} and ${REDACTED.custom} by ${REDACTED.email}, ${REDACTED.custom}`);
    expect(createRedactor()).toBe(redact);
  });
});
