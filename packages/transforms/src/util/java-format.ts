import { formatDate } from './simple-date-format.js';

const MILLIS_PER_DAY = 24 * 60 * 60 * 1000;

/** Connect's Values.dateFormatFor: time-of-day, date, or full timestamp depending on the millis (UTC). */
export function javaDateString(date: Date): string {
  const t = date.getTime();
  if (t < MILLIS_PER_DAY) return formatDate(date, "HH:mm:ss.SSS'Z'");
  if (t % MILLIS_PER_DAY === 0) return formatDate(date, 'yyyy-MM-dd');
  return formatDate(date, "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** int64 values: a number when it is a safe integer, else a bigint (the SDK accepts both). */
export function toInt64(n: bigint): number | bigint {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}
