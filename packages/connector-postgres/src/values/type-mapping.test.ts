import { describe, expect, it } from 'vitest';
import { DecimalValue, Struct } from '@tsconnect/sdk';
import { typeMapping, bitsToBytes, type PgColumnType, type ValueOptions } from './type-mapping.js';
import { twosComplement, numericTypmod } from './numeric-values.js';
import { zonedTimestamp, zonedTime, intervalMicroDuration } from './temporal-values.js';

const defaults: ValueOptions = {
  decimalHandlingMode: 'precise', timePrecisionMode: 'adaptive', intervalHandlingMode: 'numeric', includeUnknownDatatypes: false,
};
const col = (typeOid: number, typmod = -1, extra: Partial<PgColumnType> = {}): PgColumnType => ({ typeOid, typmod, typeName: '', ...extra });
const conv = (type: PgColumnType, text: string, options = defaults) => typeMapping(type, options)!.convert(text);
const schema = (type: PgColumnType, options = defaults) => typeMapping(type, options)!.schema().build();
const numericMod = (precision: number, scale: number) => ((precision << 16) | scale) + 4;

describe('typeMapping', () => {
  it('maps integer, float and boolean types to Connect primitives', () => {
    expect([21, 23, 20, 700, 701, 16].map((oid) => schema(col(oid)).type)).toEqual(['int16', 'int32', 'int64', 'float32', 'float64', 'boolean']);
    expect(conv(col(20), '9223372036854775807')).toBe(9223372036854775807n);
    expect(conv(col(20), '-42')).toBe(-42);
    expect(conv(col(20), '999999999999999')).toBe(999999999999999);
    expect(conv(col(20), '-999999999999999')).toBe(-999999999999999);
    expect(conv(col(20), '9007199254740991')).toBe(9007199254740991);
    expect(conv(col(20), '9007199254740992')).toBe(9007199254740992n);
    expect(conv(col(20), '-9223372036854775808')).toBe(-9223372036854775808n);
    expect(conv(col(20), '0')).toBe(0);
    expect(conv(col(701), 'NaN')).toBeNaN();
    expect(conv(col(16), 'f')).toBe(false);
  });

  it('maps dates to days and timestamps to micros (adaptive)', () => {
    expect(schema(col(1082)).name).toBe('io.debezium.time.Date');
    expect(conv(col(1082), '2024-01-01')).toBe(19723);
    expect(conv(col(1082), '1969-12-31')).toBe(-1);
    expect(schema(col(1114)).name).toBe('io.debezium.time.MicroTimestamp');
    expect(conv(col(1114), '2024-01-01 10:00:00.123456')).toBe(1704103200123456);
    expect(conv(col(1114), '1969-12-31 23:59:59.999999')).toBe(-1);
    expect(schema(col(1114, 3)).name).toBe('io.debezium.time.Timestamp');
    expect(conv(col(1114, 3), '2024-01-01 10:00:00.123')).toBe(1704103200123);
    expect(schema(col(1083)).name).toBe('io.debezium.time.MicroTime');
    expect(conv(col(1083), '10:15:30.25')).toBe(36930250000);
    expect(schema(col(1083, 0)).name).toBe('io.debezium.time.Time');
    expect(conv(col(1083, 0), '10:15:30')).toBe(36930000);
  });

  it('formats zoned types as Debezium (UTC, fixed fraction width for timestamptz)', () => {
    expect(schema(col(1184)).name).toBe('io.debezium.time.ZonedTimestamp');
    expect(zonedTimestamp('2024-01-01 10:00:00.123456+00', 6)).toBe('2024-01-01T10:00:00.123456Z');
    expect(zonedTimestamp('2024-01-01 10:00:00+00', 6)).toBe('2024-01-01T10:00:00.000000Z');
    expect(zonedTimestamp('2024-01-01 10:00:00.5+00', 3)).toBe('2024-01-01T10:00:00.500Z');
    expect(zonedTimestamp('2024-01-01 10:00:00+00', 0)).toBe('2024-01-01T10:00:00Z');
    expect(zonedTimestamp('infinity', 6)).toBe('infinity');
    // The UTC fast path and the general path agree (offsets other than +00 and BC years take the latter).
    expect(zonedTimestamp('2024-01-01 10:00:00.12+00', 9)).toBe('2024-01-01T10:00:00.120000000Z');
    expect(zonedTimestamp('2024-01-01 10:00:00.000001+00', 2)).toBe('2024-01-01T10:00:00.00Z');
    expect(zonedTimestamp('2024-01-01 12:00:00.12+02', 6)).toBe('2024-01-01T10:00:00.120000Z');
    expect(zonedTimestamp('2024-01-01 00:30:00.5+01:30', 1)).toBe('2023-12-31T23:00:00.5Z');
    expect(zonedTimestamp('0044-03-15 10:00:00+00 BC', 3)).toBe('-0043-03-15T10:00:00.000Z');
    expect(zonedTime('10:15:30.5+02')).toBe('08:15:30.5Z');
    expect(zonedTime('01:00:00-03:30')).toBe('04:30:00Z');
  });

  it('uses Connect logical types in time.precision.mode=connect', () => {
    const connect = { ...defaults, timePrecisionMode: 'connect' as const };
    expect(schema(col(1082), connect).name).toBe('org.apache.kafka.connect.data.Date');
    expect(conv(col(1082), '2024-01-01', connect)).toEqual(new Date(Date.UTC(2024, 0, 1)));
    expect(conv(col(1114), '2024-01-01 10:00:00.123456', connect)).toEqual(new Date(1704103200123));
  });

  it('keeps numerics exact', () => {
    const s = schema(col(1700, numericMod(38, 10)));
    expect(s).toMatchObject({ type: 'bytes', name: 'org.apache.kafka.connect.data.Decimal', parameters: { scale: '10', 'connect.decimal.precision': '38' } });
    const v = conv(col(1700, numericMod(38, 10)), '12345678901234567890.0123456789') as DecimalValue;
    expect([v.unscaled, v.scale]).toEqual([123456789012345678900123456789n, 10]);
    expect(String(conv(col(1700, numericMod(5, 2)), '1.50'))).toBe('1.50');
    expect(numericTypmod(numericMod(10, 0))).toEqual({ precision: 10, scale: 0 });
    expect(schema(col(1700)).name).toBe('io.debezium.data.VariableScaleDecimal');
    const vsd = conv(col(1700), '3.1400') as Struct;
    expect([vsd.get('scale'), vsd.get('value')]).toEqual([2, Buffer.from([0x01, 0x3a])]);
    expect(conv(col(1700), 'NaN')).toBeNull();
    expect(conv(col(1700), '2.50', { ...defaults, decimalHandlingMode: 'double' })).toBe(2.5);
    expect(conv(col(1700), '2.50', { ...defaults, decimalHandlingMode: 'string' })).toBe('2.50');
    expect(String(conv(col(790), '-$1,234.50'))).toBe('-1234.50');
  });

  it('encodes unscaled values as Java BigInteger.toByteArray', () => {
    expect(twosComplement(0n)).toEqual(Buffer.from([0]));
    expect(twosComplement(127n)).toEqual(Buffer.from([0x7f]));
    expect(twosComplement(128n)).toEqual(Buffer.from([0x00, 0x80]));
    expect(twosComplement(-1n)).toEqual(Buffer.from([0xff]));
    expect(twosComplement(-128n)).toEqual(Buffer.from([0x80]));
    expect(twosComplement(-129n)).toEqual(Buffer.from([0xff, 0x7f]));
  });

  it('maps semantic string types, bytea, arrays, enums and intervals', () => {
    expect(schema(col(2950)).name).toBe('io.debezium.data.Uuid');
    expect(schema(col(3802)).name).toBe('io.debezium.data.Json');
    expect(conv(col(17), '\\x01ff')).toEqual(Buffer.from([1, 255]));
    const arr = col(1007, -1, { elementOid: 23, elementTypeName: 'int4' });
    expect(schema(arr)).toMatchObject({ type: 'array', valueSchema: { type: 'int32', optional: true } });
    expect(conv(arr, '{1,NULL,3}')).toEqual([1, null, 3]);
    expect(conv(col(1009, -1, { elementOid: 25 }), '{"a,b",c}')).toEqual(['a,b', 'c']);
    const mood = col(99999, -1, { enumValues: ['sad', 'happy'] });
    expect(schema(mood)).toMatchObject({ type: 'string', name: 'io.debezium.data.Enum', parameters: { allowed: 'sad,happy' } });
    expect(schema(col(1186)).name).toBe('io.debezium.time.MicroDuration');
    expect(intervalMicroDuration('1 day 02:00:00')).toBe(93_600_000_000);
    expect(intervalMicroDuration('1 mon')).toBe(2_629_800_000_000);
    expect(conv(col(1186), '1 year 2 mons 3 days 04:05:06.5', { ...defaults, intervalHandlingMode: 'string' })).toBe('P1Y2M3DT4H5M6.5S');
  });

  it('maps bit(1) to boolean and longer bit strings to little-endian Bits', () => {
    expect(schema(col(1560, 1)).type).toBe('boolean');
    expect(schema(col(1560, 16))).toMatchObject({ name: 'io.debezium.data.Bits', parameters: { length: '16' } });
    expect(bitsToBytes('0000000100000010')).toEqual(Buffer.from([0x02, 0x01]));
    expect(bitsToBytes('000')).toEqual(Buffer.alloc(0));
  });

  it('leaves unknown types out unless include.unknown.datatypes', () => {
    expect(typeMapping(col(600), defaults)).toBeNull(); // point
    expect(conv(col(600), '(1,2)', { ...defaults, includeUnknownDatatypes: true })).toEqual(Buffer.from('(1,2)'));
  });
});
