// What ingest stores of an event's bodies: the mode ingress marked on it (the project's choice), or the
// deployment default (TOLLGATE_STORE_BODIES) for an event marked "unspecified" (a project that did not choose, or
// a producer older than the setting). Pure.
import type { StoreBodiesMode } from '@tollgate/db';
import { StoreBodies } from '@tollgate/proto/events';
import { utf8Prefix } from './utf8.ts';

export type { StoreBodiesMode };

/** Longest body stored, in UTF-8 bytes; a longer one is cut (on a character boundary) and marked truncated. */
export const MAX_STORED_BODY_BYTES = 64 * 1024;

const MARKS: Readonly<Partial<Record<StoreBodies, StoreBodiesMode>>> = { [StoreBodies.OFF]: 'off', [StoreBodies.REDACTED]: 'redacted', [StoreBodies.FULL]: 'full' };

/** The mode of an event: its mark when it has one this build knows, else the default. */
export function storeBodiesMode(mark: StoreBodies | undefined, fallback: StoreBodiesMode): StoreBodiesMode {
  // Indexed by number: a value added after this build is absent at run time, whatever the type says.
  return (mark !== undefined && MARKS[mark]) || fallback;
}

/** Accepts the mode, or the boolean of older callers (true meant 'redacted'). */
export function toStoreBodiesMode(v: StoreBodiesMode | boolean | undefined): StoreBodiesMode {
  if (v === true) return 'redacted';
  return v === false || v === undefined ? 'off' : v;
}

/** A text as stored under a mode: nothing ('off'), redacted, or as is ('full'). */
export function storedText(mode: StoreBodiesMode, text: string, redact: (s: string) => string): string {
  if (mode === 'off') return '';
  return mode === 'redacted' ? redact(text) : text;
}

/**
 * A body as stored under a mode, at most MAX_STORED_BODY_BYTES: redacted before it is cut, so that a secret
 * straddling the cut is still recognised whole.
 */
export function storedBody(mode: StoreBodiesMode, bytes: Uint8Array, redact: (s: string) => string, max = MAX_STORED_BODY_BYTES): { text: string; truncated: boolean } {
  const text = storedText(mode, new TextDecoder().decode(bytes), redact);
  return utf8Prefix(text, max);
}
