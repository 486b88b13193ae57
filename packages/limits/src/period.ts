// Budget periods: the calendar day and month that an instant falls in, in a time zone (UTC by default). Pure:
// the instant is passed in. A budget's totals are kept under a key that names its period, so a new period
// starts from zero by construction (no reset job to forget), and DST shifts only move where midnight falls.

export interface PeriodKeys {
  /** e.g. `2026-11-23` */
  day: string;
  /** e.g. `2026-11` */
  month: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', calendar: 'gregory', numberingSystem: 'latn' });
    if (formatters.size > 1_000) formatters.clear();
    formatters.set(timeZone, f);
  }
  return f;
}

const DAY_MS = 86_400_000;
/** The UTC keys of the last day asked for: nearly every call is for today. Callers only read the keys. */
let utcMemo: { day: number; keys: PeriodKeys } = { day: Number.NaN, keys: { day: '', month: '' } };

export function periodKeys(nowMs: number, timeZone = 'UTC'): PeriodKeys {
  // UTC, the default, needs no Intl (formatToParts runs on every admission and every folded event).
  if (timeZone === 'UTC') {
    const day = Math.floor(nowMs / DAY_MS);
    if (day !== utcMemo.day) {
      const iso = new Date(day * DAY_MS).toISOString();
      utcMemo = { day, keys: { day: iso.slice(0, 10), month: iso.slice(0, 7) } };
    }
    return utcMemo.keys;
  }
  let y = '';
  let m = '';
  let d = '';
  for (const p of formatter(timeZone).formatToParts(nowMs)) {
    if (p.type === 'year') y = p.value.padStart(4, '0');
    else if (p.type === 'month') m = p.value;
    else if (p.type === 'day') d = p.value;
  }
  return { day: `${y}-${m}-${d}`, month: `${y}-${m}` };
}

/** Whether Intl knows this IANA time zone (config validation). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}
