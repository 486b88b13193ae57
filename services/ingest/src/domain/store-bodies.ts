// What ingest stores of an event's bodies: the mode ingress marked on it (the project's choice), or the
// deployment default (TOLLGATE_STORE_BODIES) for an event marked "unspecified" (a project that did not choose, or
// a producer older than the setting). Pure.
import type { StoreBodiesMode } from '@tollgate/db';
import { MAX_STORED_BODY_BYTES, storeBodiesOfMark } from '@tollgate/events';
import type { StoreBodies } from '@tollgate/proto/events';
import { utf8Prefix } from './utf8.ts';

export type { StoreBodiesMode };

/** The mode of an event: its mark when it has one this build knows, else the default. */
export function storeBodiesMode(mark: StoreBodies | undefined, fallback: StoreBodiesMode): StoreBodiesMode {
  return storeBodiesOfMark(mark) ?? fallback;
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
