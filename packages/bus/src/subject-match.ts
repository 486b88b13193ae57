// NATS subject matching: tokens split on '.', `*` matches exactly one token, `>` (last token only) one or more.
// Pure; used by the memory bus to route publishes to streams and deliveries to consumer filters.

/** True when a literal subject is matched by a pattern (which may hold `*` and `>`). */
export function subjectMatches(pattern: string, subject: string): boolean {
  if (pattern === subject) return true;
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
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
