// W3C Trace Context (https://www.w3.org/TR/trace-context/): a client's `traceparent` is carried through the
// gateway, so the upstream call and the request's event belong to the client's trace. Tollgate records no spans of
// its own: it forwards the header unchanged, as a transparent hop.

const HEX = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_PARENT = '0'.repeat(16);

/**
 * The client's traceparent if it is valid, else '' (a malformed one is dropped, as the spec asks, not an error):
 * lower-case hex, version not ff, trace and parent ids not all zeros. Version 00 is exactly 55 characters; a
 * later version may carry more fields after a dash, which are cut (only the version 00 part is understood).
 */
export function traceparentOf(header: string | undefined): string {
  if (!header || header.length < 55) return '';
  const v = header.length === 55 ? header : header[55] === '-' && !header.startsWith('00') ? header.slice(0, 55) : '';
  if (!HEX.test(v) || v.startsWith('ff')) return '';
  if (v.slice(3, 35) === ZERO_TRACE || v.slice(36, 52) === ZERO_PARENT) return '';
  return v;
}
