/**
 * Pure converters from PostgreSQL's ISO text output (DateStyle ISO, IntervalStyle
 * postgres: what the replication client sets) to the numbers Connect/Debezium use.
 * `infinity` / `-infinity` map to the extreme values below.
 */

/** Days for `infinity` / `-infinity` dates (PostgreSQL's DATEVAL_NOEND / NOBEGIN). */
export const DATE_POSITIVE_INFINITY_DAYS = 2147483647;
export const DATE_NEGATIVE_INFINITY_DAYS = -2147483648;
/** Micros for `infinity` / `-infinity` timestamps (int64 max / min). */
export const TIMESTAMP_POSITIVE_INFINITY_MICROS = 9223372036854775807n;
export const TIMESTAMP_NEGATIVE_INFINITY_MICROS = -9223372036854775808n;

const MICROS_PER_DAY = 86_400_000_000n;

/** Days since 1970-01-01 of a proleptic Gregorian date (astronomical year numbering). */
export function civilToEpochDays(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function bad(kind: string, text: string): never {
  throw new RangeError(`invalid ${kind}: ${JSON.stringify(text)}`);
}

function fractionMicros(frac: string | undefined): number {
  return frac ? Number(frac.slice(0, 6).padEnd(6, '0')) : 0;
}

/** Parses `±HH[:MM[:SS]]` into seconds east of UTC. */
function offsetSeconds(sign: string, h: string, m?: string, s?: string): number {
  const v = Number(h) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0);
  return sign === '-' ? -v : v;
}

/** `2024-02-29` (or `0044-03-15 BC`) → days since the Unix epoch. */
export function dateToEpochDays(text: string): number {
  if (text === 'infinity') return DATE_POSITIVE_INFINITY_DAYS;
  if (text === '-infinity') return DATE_NEGATIVE_INFINITY_DAYS;
  const m = /^(\d{4,})-(\d{2})-(\d{2})( BC)?$/.exec(text) ?? bad('date', text);
  const year = m[4] ? 1 - Number(m[1]) : Number(m[1]);
  return civilToEpochDays(year, Number(m[2]), Number(m[3]));
}

/** `13:45:30.123456` → microseconds since midnight (`24:00:00` → 86 400 000 000). */
export function timeToMicros(text: string): number {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(text) ?? bad('time', text);
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1_000_000 + fractionMicros(m[4]);
}

/** `13:45:30.5+02` → local micros since midnight and the zone offset in seconds east of UTC. */
export function parseTimetz(text: string): { micros: number; offsetSeconds: number } {
  const m = /^(\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?$/.exec(text) ?? bad('timetz', text);
  return { micros: timeToMicros(m[1]!), offsetSeconds: offsetSeconds(m[2]!, m[3]!, m[4], m[5]) };
}

/** `13:45:30+02` → micros since midnight UTC (`11:45:30`), wrapped into [0, 24h). */
export function timetzToUtcMicros(text: string): number {
  const { micros, offsetSeconds: off } = parseTimetz(text);
  const day = 86_400_000_000;
  return (((micros - off * 1_000_000) % day) + day) % day;
}

/**
 * `2024-01-02 03:04:05.678901` (timestamp) or `…+00` / `…-03:30` (timestamptz), optional
 * ` BC` → microseconds since 1970-01-01T00:00:00Z. A timestamp without zone is read as UTC.
 */
export function timestampToEpochMicros(text: string): bigint {
  if (text === 'infinity') return TIMESTAMP_POSITIVE_INFINITY_MICROS;
  if (text === '-infinity') return TIMESTAMP_NEGATIVE_INFINITY_MICROS;
  const m =
    /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?)?( BC)?$/.exec(text) ??
    bad('timestamp', text);
  const year = m[12] ? 1 - Number(m[1]) : Number(m[1]);
  const days = BigInt(civilToEpochDays(year, Number(m[2]), Number(m[3])));
  const secs = (Number(m[4]) * 60 + Number(m[5])) * 60 + Number(m[6]) - (m[8] ? offsetSeconds(m[8], m[9]!, m[10], m[11]) : 0);
  return days * MICROS_PER_DAY + BigInt(secs) * 1_000_000n + BigInt(fractionMicros(m[7]));
}

/** `timestampToEpochMicros` rounded down to milliseconds, as a number. */
export function timestampToEpochMillis(text: string): number {
  const micros = timestampToEpochMicros(text);
  if (micros === TIMESTAMP_POSITIVE_INFINITY_MICROS) return Number.MAX_SAFE_INTEGER;
  if (micros === TIMESTAMP_NEGATIVE_INFINITY_MICROS) return Number.MIN_SAFE_INTEGER;
  const q = micros / 1000n;
  return Number(micros < 0n && q * 1000n !== micros ? q - 1n : q);
}

/** An interval's three independent parts, as PostgreSQL stores it. */
export interface PgInterval {
  readonly months: number;
  readonly days: number;
  readonly micros: bigint;
}

/** Parses IntervalStyle `postgres` output: `1 year 2 mons -3 days +04:05:06.5`, `00:00:00`. */
export function parseInterval(text: string): PgInterval {
  let months = 0;
  let days = 0;
  let micros = 0n;
  const re = /\s*(?:([+-]?\d+) (years?|mons?|days?)|([+-])?(\d+):(\d{2}):(\d{2})(?:\.(\d{1,6}))?)/y;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text) ?? bad('interval', text);
    pos = re.lastIndex;
    if (m[1] !== undefined) {
      const n = Number(m[1]);
      if (m[2]!.startsWith('year')) months += n * 12;
      else if (m[2]!.startsWith('mon')) months += n;
      else days += n;
    } else {
      const v = ((BigInt(m[4]!) * 60n + BigInt(m[5]!)) * 60n + BigInt(m[6]!)) * 1_000_000n + BigInt(fractionMicros(m[7]));
      micros += m[3] === '-' ? -v : v;
    }
  }
  if (text.trim() === '') bad('interval', text);
  return { months, days, micros };
}

/** Debezium's average month length, 365.25 / 12 days. */
export const DAYS_PER_MONTH_AVG = 365.25 / 12;

/** An interval as total microseconds, months counted as `daysPerMonth` days (Debezium `numeric` mode). */
export function intervalToMicros(text: string, daysPerMonth = DAYS_PER_MONTH_AVG): bigint {
  const iv = parseInterval(text);
  const monthMicros = BigInt(Math.round(iv.months * daysPerMonth * 86_400_000_000));
  return monthMicros + BigInt(iv.days) * MICROS_PER_DAY + iv.micros;
}
