import { localToUtc, startOfLocalDay, utcToLocal } from './partitioner/time-zone.js';

/**
 * The next wall-clock rotation for rotate.schedule.interval.ms (Confluent's
 * DateTimeUtils.getNextTimeAdjustedByDay): periods count from local midnight and never run past
 * the next midnight, so with a 5 h period rotations happen at 00, 05, 10, 15, 20 and 00 again.
 */
export function nextScheduledRotation(nowMs: number, periodMs: number, zone: string): number {
  const startOfDay = startOfLocalDay(zone, nowMs);
  const startOfNextDay = localToUtc(zone, utcToLocal(zone, startOfDay) + 86_400_000);
  const dayLength = startOfNextDay - startOfDay;
  const nextPeriod = (Math.trunc((nowMs - startOfDay) / periodMs) + 1) * periodMs;
  return startOfDay + Math.min(nextPeriod, dayLength);
}
