// Reading ClickHouse numbers. Counts arrive as JSON numbers or decimal strings depending on the server's
// output_format_json_quote_64bit_integers; money is always selected with toString() so no digit is lost.

import { nanoToUsd } from '../domain/metrics.ts';

export type IntLike = string | number;

/** A count (always far below 2^53). */
export function int(v: IntLike | null | undefined): number {
  return v === null || v === undefined ? 0 : Number(BigInt(v));
}

/** Nano-USD (a decimal string) to USD. */
export function usd(nano: IntLike | bigint | null | undefined): number {
  return nanoToUsd(nano ?? 0);
}

/** part / whole, 0 when whole is 0. */
export function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

/** A quantile in milliseconds; ClickHouse returns nan (JSON null) for an empty set. */
export function ms(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
