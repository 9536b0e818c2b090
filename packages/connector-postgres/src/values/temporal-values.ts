import {
  DATE_NEGATIVE_INFINITY_DAYS, DATE_POSITIVE_INFINITY_DAYS, dateToEpochDays, parseInterval, parseTimetz, timeToMicros,
  timestampToEpochMicros,
} from '@tsconnect/pgoutput';

/** Days since 1970-01-01 of a DATE's ISO text ("2024-01-31", "0044-03-15 BC", "infinity"). */
export function epochDays(text: string): number {
  if (text === 'infinity') return DATE_POSITIVE_INFINITY_DAYS;
  if (text === '-infinity') return DATE_NEGATIVE_INFINITY_DAYS;
  return dateToEpochDays(text);
}

/** Microseconds since the epoch of a TIMESTAMP (read as UTC) or TIMESTAMPTZ in UTC ("…+00"). */
export function epochMicros(text: string): bigint {
  return timestampToEpochMicros(text);
}

/** Floor division for bigint (toward negative infinity). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? q - 1n : q;
}

export function toSafeNumber(n: bigint): number | bigint {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/** Microseconds since midnight of a TIME ("10:15:30.123456", "24:00:00"). */
export function timeMicros(text: string): number {
  return timeToMicros(text);
}

const UTC_TIMESTAMP = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;

/**
 * io.debezium.time.ZonedTimestamp text of a TIMESTAMPTZ in UTC: ISO-8601 with "Z" and exactly
 * `fractionWidth` fraction digits (Debezium formats with the column's scale; 0 → ISO_OFFSET_DATE_TIME).
 */
export function zonedTimestamp(text: string, fractionWidth: number): string {
  if (text === 'infinity' || text === '-infinity') return text;
  // Already UTC with a 4-digit year (the replication session's output): only the separators change.
  const utc = fractionWidth > 0 && fractionWidth <= 9 ? UTC_TIMESTAMP.exec(text) : null;
  if (utc) return `${utc[1]}T${utc[2]}.${(utc[3] ?? '').padEnd(fractionWidth, '0').slice(0, fractionWidth)}Z`;
  const micros = epochMicros(text);
  const seconds = floorDiv(micros, 1_000_000n);
  const fraction = Number(micros - seconds * 1_000_000n);
  const base = isoDateTime(seconds);
  if (fractionWidth > 0 && fractionWidth <= 9) {
    return `${base}.${String(fraction).padStart(6, '0').padEnd(9, '0').slice(0, fractionWidth)}Z`;
  }
  return `${base}${minimalFraction(fraction * 1000)}Z`;
}

/** io.debezium.time.ZonedTime text of a TIMETZ: shifted to UTC, ISO_OFFSET_TIME ("10:15:30.5Z"). */
export function zonedTime(text: string): string {
  const { micros, offsetSeconds } = parseTimetz(text);
  const day = 86_400_000_000;
  const utc = (((micros - offsetSeconds * 1_000_000) % day) + day) % day;
  const totalSeconds = Math.floor(utc / 1_000_000);
  const hh = Math.floor(totalSeconds / 3600);
  const mm = Math.floor((totalSeconds % 3600) / 60);
  const ss = totalSeconds % 60;
  return `${pad2(hh)}:${pad2(mm)}:${pad2(ss)}${minimalFraction((utc % 1_000_000) * 1000)}Z`;
}

/** MicroDuration of an INTERVAL, computed in doubles exactly as Debezium's MicroDuration.durationMicros. */
export function intervalMicroDuration(text: string): number | bigint {
  const { months, days, micros } = parseInterval(text);
  const totalMicros = BigInt(micros);
  const hours = Number(totalMicros / 3_600_000_000n);
  const minutes = Number((totalMicros % 3_600_000_000n) / 60_000_000n);
  const seconds = Number(totalMicros % 60_000_000n) / 1e6;
  const numberOfDays = months * (365.25 / 12) + days;
  const numberOfSeconds = ((numberOfDays * 24 + hours) * 60 + minutes) * 60 + seconds;
  return toSafeNumber(BigInt(Math.trunc(numberOfSeconds * 1e6)));
}

/** io.debezium.time.Interval text (interval.handling.mode=string): "P1Y2M3DT4H5M6.789S". */
export function intervalIso(text: string): string {
  const { months, days, micros } = parseInterval(text);
  const total = BigInt(micros);
  const h = total / 3_600_000_000n;
  const m = (total % 3_600_000_000n) / 60_000_000n;
  const s = Number(total % 60_000_000n) / 1e6;
  return `P${Math.trunc(months / 12)}Y${months % 12}M${days}DT${h}H${m}M${s}S`;
}

function isoDateTime(epochSeconds: bigint): string {
  const date = new Date(Number(epochSeconds) * 1000);
  const y = date.getUTCFullYear();
  const year = y >= 0 && y <= 9999 ? String(y).padStart(4, '0') : (y < 0 ? '-' : '+') + String(Math.abs(y)).padStart(4, '0');
  return `${year}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}T${pad2(date.getUTCHours())}:` +
    `${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`;
}

/** Java's ISO formatter fraction: nothing for 0, else as few digits as needed (up to 9). */
function minimalFraction(nanos: number): string {
  if (nanos === 0) return '';
  return `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
