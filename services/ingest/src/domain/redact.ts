// Redaction of personal data and secrets from text ingest stores (SDK prompts, responses, tool input and output,
// error messages, metadata). Pure. Patterns are deliberately conservative: a card number must pass the Luhn
// check, a key must look like one of the common formats, so ordinary numbers and words survive.

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const KEYS = [
  /\bsk-[A-Za-z0-9_-]{16,}/g, // OpenAI (sk-, sk-proj-), Anthropic (sk-ant-)
  /\btg_[A-Za-z0-9_-]{16,}/g, // Tollgate project keys
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key ids
  /\bgh[pousr]_[A-Za-z0-9]{36,}/g, // GitHub tokens
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, // Slack tokens
  /\bAIza[0-9A-Za-z_-]{35}/g, // Google API keys
  /\b(?:gsk|pk|rk)_(?:live_|test_)?[A-Za-z0-9]{20,}/g, // Groq, Stripe
];
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/-]{16,}=*/gi;
// 13 to 19 digits, optionally grouped by single spaces or dashes.
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;

export const REDACTED = { email: '[REDACTED_EMAIL]', key: '[REDACTED_KEY]', card: '[REDACTED_CARD]', custom: '[REDACTED]' } as const;

export type Redactor = (text: string) => string;

/**
 * redact() plus a deployment's own patterns (e.g. customer ids), each match replaced by `[REDACTED]`. The
 * patterns run after the built-in ones; a pattern without the `g` flag gets it (every match is replaced).
 */
export function createRedactor(extra: readonly RegExp[] = []): Redactor {
  if (extra.length === 0) return redact;
  const patterns = extra.map((p) => (p.global ? p : new RegExp(p.source, `${p.flags}g`)));
  return (text) => {
    let out = redact(text);
    for (const p of patterns) out = out.replace(p, REDACTED.custom);
    return out;
  };
}

export function redact(text: string): string {
  if (text === '') return text;
  let out = text.replace(EMAIL, REDACTED.email).replace(BEARER, `$1${REDACTED.key}`);
  for (const k of KEYS) out = out.replace(k, REDACTED.key);
  return out.replace(CARD, (m) => (luhn(m.replace(/[ -]/g, '')) ? REDACTED.card : m));
}

/** The Luhn checksum every payment card number satisfies. */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
