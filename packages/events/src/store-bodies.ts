// What a project stores of request and response bodies, as events carry it: the mark on each event (ingress sets
// it from the project's choice, ingest reads it) and the largest body an event carries and ingest stores.
import type { StoreBodiesMode } from '@tollgate/db';
import { StoreBodies } from '@tollgate/proto/events';

/** Largest request or response body an event carries for storage, and that ingest stores (a longer one is cut). */
export const MAX_STORED_BODY_BYTES = 64 * 1024;

const MARK_OF: Readonly<Record<StoreBodiesMode, StoreBodies>> = { off: StoreBodies.OFF, redacted: StoreBodies.REDACTED, full: StoreBodies.FULL };
const MODE_OF: Readonly<Partial<Record<StoreBodies, StoreBodiesMode>>> = { [StoreBodies.OFF]: 'off', [StoreBodies.REDACTED]: 'redacted', [StoreBodies.FULL]: 'full' };

/** The mark an event carries: UNSPECIFIED when the project did not choose (ingest then applies its default). */
export function storeBodiesMark(mode: StoreBodiesMode | undefined): StoreBodies {
  return mode ? MARK_OF[mode] : StoreBodies.UNSPECIFIED;
}

/** The mode a mark names; undefined for UNSPECIFIED and for a mark added after this build (absent at run time). */
export function storeBodiesOfMark(mark: StoreBodies | undefined): StoreBodiesMode | undefined {
  return mark === undefined ? undefined : MODE_OF[mark];
}
