/** Formats binary date/time values exactly as PostgreSQL's ISO text output does. */

const POS_INF_INT64 = 9223372036854775807n;
const NEG_INF_INT64 = -9223372036854775808n;
const PG_EPOCH_DAYS = 10957; // 2000-01-01 in days since 1970-01-01
const MICROS_PER_DAY = 86_400_000_000n;

/** Proleptic Gregorian date from days since 1970-01-01 (Hinnant's civil_from_days). */
export function civilFromEpochDays(z0: number): { year: number; month: number; day: number } {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function formatDays(epochDays: number): { text: string; bc: boolean } {
  const { year, month, day } = civilFromEpochDays(epochDays);
  const bc = year <= 0;
  return { text: `${pad(bc ? 1 - year : year, 4)}-${pad(month)}-${pad(day)}`, bc };
}

/** `HH:MM:SS[.ffffff]` with trailing fractional zeros removed, as PostgreSQL prints. */
export function formatTimeOfDay(micros: bigint): string {
  const total = Number(micros);
  const secs = Math.floor(total / 1_000_000);
  const frac = total % 1_000_000;
  const base = `${pad(Math.floor(secs / 3600))}:${pad(Math.floor(secs / 60) % 60)}:${pad(secs % 60)}`;
  return frac === 0 ? base : `${base}.${pad(frac, 6).replace(/0+$/, '')}`;
}

/** Binary date (int32 days since 2000-01-01) → `YYYY-MM-DD[ BC]`. */
export function formatPgDate(pgDays: number): string {
  if (pgDays === 2147483647) return 'infinity';
  if (pgDays === -2147483648) return '-infinity';
  const { text, bc } = formatDays(pgDays + PG_EPOCH_DAYS);
  return bc ? `${text} BC` : text;
}

/** Binary timestamp (int64 micros since 2000-01-01) → ISO text; `withZone` appends `+00` (UTC session). */
export function formatPgTimestamp(pgMicros: bigint, withZone: boolean): string {
  if (pgMicros === POS_INF_INT64) return 'infinity';
  if (pgMicros === NEG_INF_INT64) return '-infinity';
  let days = pgMicros / MICROS_PER_DAY;
  let rem = pgMicros % MICROS_PER_DAY;
  if (rem < 0n) {
    rem += MICROS_PER_DAY;
    days -= 1n;
  }
  const { text, bc } = formatDays(Number(days) + PG_EPOCH_DAYS);
  return `${text} ${formatTimeOfDay(rem)}${withZone ? '+00' : ''}${bc ? ' BC' : ''}`;
}

/** `±HH[:MM[:SS]]` for a zone stored as seconds WEST of UTC (PostgreSQL's EncodeTimezone). */
function formatZone(secondsWest: number): string {
  const abs = Math.abs(secondsWest);
  const h = Math.floor(abs / 3600);
  const m = Math.floor(abs / 60) % 60;
  const s = abs % 60;
  const sign = secondsWest <= 0 ? '+' : '-';
  if (s !== 0) return `${sign}${pad(h)}:${pad(m)}:${pad(s)}`;
  return m !== 0 ? `${sign}${pad(h)}:${pad(m)}` : `${sign}${pad(h)}`;
}

/** Binary timetz (int64 micros of local time, int32 zone seconds west of UTC) → `13:45:30+05:30`. */
export function formatPgTimetz(micros: bigint, zoneSecondsWest: number): string {
  return `${formatTimeOfDay(micros)}${formatZone(zoneSecondsWest)}`;
}

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

/** `N unit(s)` part of IntervalStyle postgres; a `+` follows a negative part (AddPostgresIntPart). */
function intervalPart(out: { text: string; before: boolean }, value: number, unit: string): void {
  if (value === 0) return;
  out.text += `${out.text ? ' ' : ''}${out.before && value > 0 ? '+' : ''}${value} ${unit}${value !== 1 ? 's' : ''}`;
  out.before = value < 0;
}

/**
 * Binary interval (int64 micros, int32 days, int32 months) → IntervalStyle `postgres` text,
 * e.g. `1 year 2 mons -3 days +04:05:06.5` — what the replication client's session prints.
 */
export function formatPgInterval(micros: bigint, days: number, months: number): string {
  // PostgreSQL 17+ infinite intervals: every field at its extreme.
  if (micros === POS_INF_INT64 && days === INT32_MAX && months === INT32_MAX) return 'infinity';
  if (micros === NEG_INF_INT64 && days === INT32_MIN && months === INT32_MIN) return '-infinity';
  const out = { text: '', before: false };
  intervalPart(out, Math.trunc(months / 12), 'year');
  intervalPart(out, months % 12, 'mon');
  intervalPart(out, days, 'day');
  // C truncating division, as interval2itm does.
  const hours = micros / 3_600_000_000n;
  let rest = micros % 3_600_000_000n;
  const minutes = rest / 60_000_000n;
  rest %= 60_000_000n;
  const seconds = rest / 1_000_000n;
  const fraction = rest % 1_000_000n;
  if (out.text === '' || micros !== 0n) {
    const minus = micros < 0n;
    const abs = (v: bigint): string => (v < 0n ? -v : v).toString().padStart(2, '0');
    const frac = fraction === 0n ? '' : `.${abs(fraction).padStart(6, '0').replace(/0+$/, '')}`;
    const sign = minus ? '-' : out.before ? '+' : '';
    out.text += `${out.text ? ' ' : ''}${sign}${abs(hours)}:${abs(minutes)}:${abs(seconds)}${frac}`;
  }
  return out.text;
}
