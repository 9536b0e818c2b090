import { describe, expect, it } from 'vitest';
import {
  DATE_POSITIVE_INFINITY_DAYS, TIMESTAMP_NEGATIVE_INFINITY_MICROS, dateToEpochDays, intervalToMicros, parseInterval,
  parseTimetz, timeToMicros, timestampToEpochMicros, timestampToEpochMillis, timetzToUtcMicros,
} from './temporal.js';

describe('temporal helpers', () => {
  it('dates → days since epoch', () => {
    expect(dateToEpochDays('1970-01-01')).toBe(0);
    expect(dateToEpochDays('2000-01-01')).toBe(10957);
    expect(dateToEpochDays('1969-12-31')).toBe(-1);
    expect(dateToEpochDays('2024-02-29')).toBe(19782);
    expect(dateToEpochDays('0001-01-01')).toBe(-719162);
    expect(dateToEpochDays('0001-12-31 BC')).toBe(-719163);
    expect(dateToEpochDays('infinity')).toBe(DATE_POSITIVE_INFINITY_DAYS);
    expect(() => dateToEpochDays('2024/01/01')).toThrow(RangeError);
  });

  it('time and timetz → micros since midnight', () => {
    expect(timeToMicros('00:00:00')).toBe(0);
    expect(timeToMicros('13:45:30.123456')).toBe(49_530_123_456);
    expect(timeToMicros('13:45:30.5')).toBe(49_530_500_000);
    expect(timeToMicros('24:00:00')).toBe(86_400_000_000);
    expect(parseTimetz('13:45:30+05:30')).toEqual({ micros: 49_530_000_000, offsetSeconds: 19800 });
    expect(timetzToUtcMicros('01:00:00+02')).toBe(23 * 3_600_000_000);
    expect(timetzToUtcMicros('23:00:00-02')).toBe(3_600_000_000);
  });

  it('timestamps → micros since epoch', () => {
    expect(timestampToEpochMicros('1970-01-01 00:00:00')).toBe(0n);
    expect(timestampToEpochMicros('2024-01-02 03:04:05.678901')).toBe(1704164645678901n);
    expect(timestampToEpochMicros('2024-01-02 03:04:05.678901+00')).toBe(1704164645678901n);
    expect(timestampToEpochMicros('2024-01-02 05:04:05.678901+02')).toBe(1704164645678901n);
    expect(timestampToEpochMicros('2024-01-01 23:30:00-03:30')).toBe(timestampToEpochMicros('2024-01-02 03:00:00+00'));
    expect(timestampToEpochMicros('1969-12-31 23:59:59.999999')).toBe(-1n);
    expect(timestampToEpochMicros('294276-12-31 23:59:59.999999')).toBe(9224318015999999999n); // exceeds int64 as Unix micros: bigint keeps it exact
    expect(timestampToEpochMicros('-infinity')).toBe(TIMESTAMP_NEGATIVE_INFINITY_MICROS);
    expect(timestampToEpochMillis('1969-12-31 23:59:59.9995')).toBe(-1);
    expect(() => timestampToEpochMicros('2024-01-02')).toThrow(RangeError);
  });

  it('intervals', () => {
    expect(parseInterval('00:00:00')).toEqual({ months: 0, days: 0, micros: 0n });
    expect(parseInterval('1 year 2 mons 3 days 04:05:06.789')).toEqual({ months: 14, days: 3, micros: 14_706_789_000n });
    expect(parseInterval('-1 years -2 mons +3 days -04:05:06')).toEqual({ months: -14, days: 3, micros: -14_706_000_000n });
    expect(parseInterval('1 day')).toEqual({ months: 0, days: 1, micros: 0n });
    expect(parseInterval('100:00:00')).toEqual({ months: 0, days: 0, micros: 360_000_000_000n });
    expect(intervalToMicros('1 mon', 30)).toBe(2_592_000_000_000n);
    expect(intervalToMicros('1 day 00:00:01')).toBe(86_401_000_000n);
    expect(() => parseInterval('soon')).toThrow(RangeError);
  });
});
