// Cutting text to a number of UTF-8 bytes without splitting a character. Pure.

/** The longest prefix of `text` whose UTF-8 encoding fits in `maxBytes`, and whether anything was cut. */
export function utf8Prefix(text: string, maxBytes: number): { text: string; truncated: boolean } {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: short texts need no encoding at all.
  if (text.length * 3 <= maxBytes) return { text, truncated: false };
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { text, truncated: false };
  let end = maxBytes;
  // Back off continuation bytes (10xxxxxx) so that the cut falls before a character's first byte.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return { text: bytes.subarray(0, end).toString('utf8'), truncated: true };
}
