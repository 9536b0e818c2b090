/** Time-zone arithmetic with Intl (no tz database dependency), enough for Joda's convertUTCToLocal/LocalToUTC. */
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Throws RangeError for an unknown zone. */
export function checkTimeZone(zone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone: zone });
}

/** Milliseconds to add to a UTC instant to get the wall-clock time in `zone`. */
export function zoneOffsetMs(zone: string, utcMs: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC' || zone === 'GMT') return 0;
  let fmt = offsetFormatters.get(zone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
    });
    offsetFormatters.set(zone, fmt);
  }
  const parts: Record<string, string> = {};
  for (const p of fmt.formatToParts(new Date(utcMs))) parts[p.type] = p.value;
  let year = Number(parts['year']);
  if (parts['era'] === 'BC' || parts['era'] === 'B') year = 1 - year;
  const asUtc = Date.UTC(year, Number(parts['month']) - 1, Number(parts['day']), Number(parts['hour']), Number(parts['minute']), Number(parts['second']));
  const wholeSeconds = utcMs - (((utcMs % 1000) + 1000) % 1000);
  return asUtc - wholeSeconds;
}

export function utcToLocal(zone: string, utcMs: number): number {
  return utcMs + zoneOffsetMs(zone, utcMs);
}

/** Joda's convertLocalToUTC(local, strict=false): in a DST gap or overlap it picks the earlier offset's answer. */
export function localToUtc(zone: string, localMs: number): number {
  const guess = localMs - zoneOffsetMs(zone, localMs);
  return localMs - zoneOffsetMs(zone, guess);
}

/** Start of the local day containing `utcMs`, as a UTC instant. */
export function startOfLocalDay(zone: string, utcMs: number): number {
  const local = utcToLocal(zone, utcMs);
  return localToUtc(zone, local - (((local % 86_400_000) + 86_400_000) % 86_400_000));
}
