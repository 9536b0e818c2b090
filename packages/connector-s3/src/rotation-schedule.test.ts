import { describe, expect, it } from 'vitest';
import { nextScheduledRotation } from './rotation-schedule.js';

describe('nextScheduledRotation (DateTimeUtils.getNextTimeAdjustedByDay)', () => {
  const day = Date.UTC(2024, 2, 5);
  it('counts periods from local midnight', () => {
    expect(nextScheduledRotation(day + 61 * 60_000, 3_600_000, 'UTC')).toBe(day + 2 * 3_600_000);
    expect(nextScheduledRotation(day, 3_600_000, 'UTC')).toBe(day + 3_600_000);
  });
  it('never goes past the next midnight', () => {
    const fiveHours = 5 * 3_600_000;
    expect(nextScheduledRotation(day + 21 * 3_600_000, fiveHours, 'UTC')).toBe(day + 24 * 3_600_000);
  });
  it('uses the local midnight of the time zone', () => {
    // 2024-03-05T10:30Z is 02:30 in Los Angeles (UTC-8); the next 6-hour boundary is 06:00 local = 14:00Z.
    expect(nextScheduledRotation(day + 10.5 * 3_600_000, 6 * 3_600_000, 'America/Los_Angeles')).toBe(day + 14 * 3_600_000);
  });
});
