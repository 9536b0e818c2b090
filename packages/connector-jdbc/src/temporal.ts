import { DataException } from '@tsconnect/sdk';

/**
 * Temporal values rendered as SQL literals' text, never as JS Date objects: drivers turn Dates into
 * the *process* local time zone, and Date has only millisecond precision.
 */
const MICROS_PER_DAY = 86_400_000_000n;

const pad = (n: number | bigint, width: number): string => String(n).padStart(width, '0');

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
}

function toBigInt(value: unknown, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  throw new DataException(`Expected an integer for ${what}, got ${String(value)}`);
}

/** 'YYYY-MM-DD' of a day number since 1970-01-01. */
export function formatEpochDays(days: number): string {
  const d = new Date(days * 86_400_000);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** 'HH:MM:SS.ffffff' of microseconds since midnight. */
export function formatMicroTime(micros: bigint): string {
  const m = ((micros % MICROS_PER_DAY) + MICROS_PER_DAY) % MICROS_PER_DAY;
  const secs = m / 1_000_000n;
  return `${pad(secs / 3600n, 2)}:${pad((secs / 60n) % 60n, 2)}:${pad(secs % 60n, 2)}.${pad(m % 1_000_000n, 6)}`;
}

/** 'YYYY-MM-DD HH:MM:SS.ffffff' of microseconds since the epoch, rendered as UTC wall clock. */
export function formatMicroTimestamp(micros: bigint): string {
  const days = floorDiv(micros, MICROS_PER_DAY);
  return `${formatEpochDays(Number(days))} ${formatMicroTime(micros - days * MICROS_PER_DAY)}`;
}

export const temporal = {
  epochDays: (v: unknown) => formatEpochDays(Number(toBigInt(v, 'io.debezium.time.Date'))),
  millisTime: (v: unknown) => formatMicroTime(toBigInt(v, 'io.debezium.time.Time') * 1000n),
  microTime: (v: unknown) => formatMicroTime(toBigInt(v, 'io.debezium.time.MicroTime')),
  nanoTime: (v: unknown) => formatMicroTime(floorDiv(toBigInt(v, 'io.debezium.time.NanoTime'), 1000n)),
  millisTimestamp: (v: unknown) => formatMicroTimestamp(toBigInt(v, 'io.debezium.time.Timestamp') * 1000n),
  microTimestamp: (v: unknown) => formatMicroTimestamp(toBigInt(v, 'io.debezium.time.MicroTimestamp')),
  nanoTimestamp: (v: unknown) => formatMicroTimestamp(floorDiv(toBigInt(v, 'io.debezium.time.NanoTimestamp'), 1000n)),
};

function asDate(value: unknown, what: string): Date {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value));
  throw new DataException(`Expected a Date for ${what}, got ${String(value)}`);
}

/** Connect Date: the UTC calendar day of the Date. */
export function formatConnectDate(value: unknown): string {
  return formatEpochDays(Math.floor(asDate(value, 'org.apache.kafka.connect.data.Date').getTime() / 86_400_000));
}

/** Connect Time: milliseconds since midnight UTC. */
export function formatConnectTime(value: unknown): string {
  return formatMicroTime(BigInt(asDate(value, 'org.apache.kafka.connect.data.Time').getTime()) * 1000n);
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** Throws RangeError for an unknown IANA zone; used to validate db.timezone. */
export function checkTimeZone(zone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone: zone });
}

/** An instant as 'YYYY-MM-DD HH:MM:SS.ffffff' wall clock in `zone` (db.timezone, as Confluent's). */
export function formatInstant(epochMicros: bigint, zone: string): string {
  if (zone === 'UTC' || zone === 'Etc/UTC' || zone === 'Z') return formatMicroTimestamp(epochMicros);
  let fmt = zoneFormats.get(zone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    zoneFormats.set(zone, fmt);
  }
  const seconds = floorDiv(epochMicros, 1_000_000n);
  const parts = Object.fromEntries(fmt.formatToParts(new Date(Number(seconds) * 1000)).map((p) => [p.type, p.value]));
  return `${pad(Number(parts['year']), 4)}-${parts['month']}-${parts['day']} ` +
    `${parts['hour']}:${parts['minute']}:${parts['second']}.${pad(epochMicros - seconds * 1_000_000n, 6)}`;
}

export function formatConnectTimestamp(value: unknown, zone: string): string {
  return formatInstant(BigInt(asDate(value, 'org.apache.kafka.connect.data.Timestamp').getTime()) * 1000n, zone);
}

const ZONED = /^([+-]?\d{4,})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,9}))?)?(Z|[+-]\d\d(?::?\d\d)?)$/;

/** Microseconds since the epoch of an ISO-8601 zoned timestamp (io.debezium.time.ZonedTimestamp). */
export function parseZonedTimestamp(text: string): bigint {
  const m = ZONED.exec(text.trim());
  if (!m) throw new DataException(`Not an ISO-8601 zoned timestamp: "${text}"`);
  const [, y, mo, d, h, mi, s = '0', frac = '', off = 'Z'] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return BigInt(ms) * 1000n + BigInt(frac.padEnd(6, '0').slice(0, 6) || '0') - BigInt(offsetMinutes(off)) * 60_000_000n;
}

const ZONED_TIME = /^(\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,9}))?)?(Z|[+-]\d\d(?::?\d\d)?)$/;

/** io.debezium.time.ZonedTime ('10:15:30.5+02:00') as a UTC 'HH:MM:SS.ffffff'. */
export function zonedTimeToUtc(text: string): string {
  const m = ZONED_TIME.exec(text.trim());
  if (!m) throw new DataException(`Not an ISO-8601 zoned time: "${text}"`);
  const [, h, mi, s = '0', frac = '', off = 'Z'] = m;
  const micros = BigInt((Number(h) * 3600 + Number(mi) * 60 + Number(s) - offsetMinutes(off) * 60) * 1_000_000) +
    BigInt(frac.padEnd(6, '0').slice(0, 6) || '0');
  return formatMicroTime(micros);
}

function offsetMinutes(off: string): number {
  if (off === 'Z') return 0;
  const sign = off.startsWith('-') ? -1 : 1;
  const digits = off.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}
