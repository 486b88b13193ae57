import { randomFillSync } from 'node:crypto';

// Random bytes come from a pool refilled 4 KiB at a time: a UUID is made twice per gateway request, and one
// getrandom() call per UUID showed up in profiles of the request path.
const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let offset = POOL_SIZE;

function random10(): Uint8Array {
  if (offset + 10 > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = pool.subarray(offset, offset + 10);
  offset += 10;
  return out;
}

// The text is built as character codes and made a string in one step: concatenating 20 pieces left a tree of
// about 30 small strings (~500 bytes) per id, which every event and the bus's dedup window kept, and which the
// young-generation GC copied and promoted on every pass.
/** The two hex digits of byte v, as character codes: [2v] the high one, [2v + 1] the low one. */
const HEX_CODES = new Uint8Array(512).map((_, i) => '0123456789abcdef'.charCodeAt(i % 2 === 0 ? i >> 5 : (i >> 1) & 15));
/** Where each byte's two hex digits go in the 36-character form (dashes after bytes 4, 6, 8 and 10). */
const AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const codes: number[] = Array.from('00000000-0000-0000-0000-000000000000', (c) => c.charCodeAt(0));

/** A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits; sorts by creation time. */
export function uuidv7(nowMs: number, random: Uint8Array = random10()): string {
  const b = new Uint8Array(16);
  let ms = nowMs;
  for (let i = 5; i >= 0; i--) {
    b[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  b.set(random.subarray(0, 10), 6);
  b[6] = 0x70 | (b[6] & 0x0f);
  b[8] = 0x80 | (b[8] & 0x3f);
  for (let i = 0; i < 16; i++) {
    const at = AT[i]!;
    codes[at] = HEX_CODES[2 * b[i]!]!;
    codes[at + 1] = HEX_CODES[2 * b[i]! + 1]!;
  }
  return String.fromCharCode.apply(null, codes);
}
