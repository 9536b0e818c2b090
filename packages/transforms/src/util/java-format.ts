import { DecimalValue } from '@tsconnect/sdk';
import { formatDate } from './simple-date-format.js';

const MILLIS_PER_DAY = 24 * 60 * 60 * 1000;

/** Java's Double.toString (float32: Float.toString) so cast/string output matches a Java worker. */
export function javaFloatString(value: number, float32 = false): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const exp = shortestExponential(value, float32);
  const [mantissa, e] = exp.split('e') as [string, string];
  const exponent = Number(e);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const abs = Math.abs(value);
  let text: string;
  if (abs >= 1e-3 && abs < 1e7) {
    if (exponent >= 0) {
      const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
      const frac = digits.slice(exponent + 1) || '0';
      text = `${whole}.${frac}`;
    } else {
      text = `0.${'0'.repeat(-exponent - 1)}${digits}`;
    }
  } else {
    text = `${digits[0]}.${digits.slice(1) || '0'}E${exponent}`;
  }
  return negative ? `-${text}` : text;
}

function shortestExponential(value: number, float32: boolean): string {
  if (!float32) return value.toExponential();
  for (let p = 1; p <= 9; p++) {
    const candidate = value.toExponential(p - 1);
    if (Math.fround(Number(candidate)) === value) return candidate;
  }
  return value.toExponential(8);
}

/** Java's BigDecimal.toString: plain unless the exponent is positive or very negative. */
export function javaBigDecimalString(d: DecimalValue): string {
  const negative = d.unscaled < 0n;
  const digits = (negative ? -d.unscaled : d.unscaled).toString();
  const adjusted = -d.scale + (digits.length - 1);
  if (d.scale >= 0 && adjusted >= -6) return d.toString();
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${negative ? '-' : ''}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
}

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
