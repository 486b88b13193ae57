// NATS subject matching: tokens split on '.', `*` matches exactly one token, `>` (last token only) one or more.
// Pure; used by the memory bus to route publishes to streams and deliveries to consumer filters.

/** True when a literal subject is matched by a pattern (which may hold `*` and `>`). Compares in place, no split. */
export function subjectMatches(pattern: string, subject: string): boolean {
  if (pattern === subject) return true;
  let p = 0;
  let s = 0;
  while (p < pattern.length) {
    if (s > subject.length) return false; // the subject ran out of tokens
    const pEnd = tokenEnd(pattern, p);
    const sEnd = tokenEnd(subject, s);
    const wildcard = pEnd - p === 1 ? pattern.charCodeAt(p) : 0;
    if (wildcard === GT && pEnd === pattern.length) return s < subject.length;
    if (wildcard !== STAR && !sameToken(pattern, p, pEnd, subject, s, sEnd)) return false;
    p = pEnd + 1;
    s = sEnd + 1;
  }
  return s > subject.length;
}

const STAR = 42; // '*'
const GT = 62; // '>'

function sameToken(a: string, aFrom: number, aEnd: number, b: string, bFrom: number, bEnd: number): boolean {
  if (aEnd - aFrom !== bEnd - bFrom) return false;
  for (let i = 0; i < aEnd - aFrom; i++) if (a.charCodeAt(aFrom + i) !== b.charCodeAt(bFrom + i)) return false;
  return true;
}

function tokenEnd(str: string, from: number): number {
  const i = str.indexOf('.', from);
  return i < 0 ? str.length : i;
}

/** True when some literal subject is matched by both patterns (JetStream's "subjects collide"). */
export function subjectsOverlap(a: string, b: string): boolean {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const xt = x[i];
    const yt = y[i];
    if (xt === '>' || yt === '>') return xt !== undefined && yt !== undefined;
    if (xt === undefined || yt === undefined) return false;
    if (xt !== '*' && yt !== '*' && xt !== yt) return false;
  }
  return true;
}
