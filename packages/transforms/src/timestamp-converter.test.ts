import { describe, expect, it } from 'vitest';
import { ConnectDate, ConnectTime, ConnectTimestamp, SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { TimestampConverterKey, TimestampConverterValue } from './timestamp-converter.js';
import { configured, fieldsOf, sourceRec } from './records.test-support.js';

// 2017-01-03T06:30:01.864Z
const MILLIS = 1_483_425_001_864;
const conv = (props: Record<string, unknown>) => configured(new TimestampConverterValue(), props);

describe('TimestampConverter', () => {
  it('converts a whole schema value between all types', () => {
    const ts = sourceRec({ valueSchema: ConnectTimestamp.builder().build(), value: new Date(MILLIS) });
    const str = conv({ 'target.type': 'string', format: "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" }).apply(ts);
    expect([str.valueSchema, str.value]).toEqual([Schemas.STRING, '2017-01-03T06:30:01.864Z']);
    const unix = conv({ 'target.type': 'unix' }).apply(ts);
    expect([unix.valueSchema, unix.value]).toEqual([Schemas.INT64, MILLIS]);
    const date = conv({ 'target.type': 'Date' }).apply(ts);
    expect([date.valueSchema, date.value]).toEqual([ConnectDate.builder().build(), new Date(Date.UTC(2017, 0, 3))]);
    const time = conv({ 'target.type': 'Time' }).apply(ts);
    expect([time.valueSchema, time.value]).toEqual([ConnectTime.builder().build(), new Date(MILLIS - Date.UTC(2017, 0, 3))]);
    const back = conv({ 'target.type': 'Timestamp', format: 'yyyy-MM-dd HH:mm:ss.SSS' })
      .apply(sourceRec({ valueSchema: Schemas.OPTIONAL_STRING, value: '2017-01-03 06:30:01.864' }));
    expect([back.valueSchema, back.value]).toEqual([ConnectTimestamp.builder().optional().build(), new Date(MILLIS)]);
  });

  it('honours unix.precision both ways', () => {
    const seconds = conv({ 'target.type': 'Timestamp', 'unix.precision': 'seconds' }).apply(sourceRec({ valueSchema: Schemas.INT64, value: 1_483_425_001 }));
    expect(seconds.value).toEqual(new Date(1_483_425_001_000));
    const nanos = conv({ 'target.type': 'unix', 'unix.precision': 'nanoseconds' }).apply(sourceRec({ valueSchema: ConnectTimestamp.builder().build(), value: new Date(MILLIS) }));
    expect(nanos.value).toBe(1_483_425_001_864_000_000n);
    const micros = conv({ 'target.type': 'Timestamp', 'unix.precision': 'microseconds' }).apply(sourceRec({ value: 1_483_425_001_864_999 }));
    expect(micros.value).toEqual(new Date(MILLIS));
  });

  it('converts one struct field and schemaless fields', () => {
    const schema = SchemaBuilder.struct().name('r').field('ts', Schemas.INT64).field('other', Schemas.STRING).build();
    const out = conv({ field: 'ts', 'target.type': 'string', format: 'yyyy-MM-dd' })
      .apply(sourceRec({ valueSchema: schema, value: new Struct(schema).put('ts', MILLIS).put('other', 'o') }));
    expect(out.valueSchema!.fields!.map((f) => [f.name, f.schema])).toEqual([['ts', Schemas.STRING], ['other', Schemas.STRING]]);
    expect(fieldsOf(out.value)).toEqual({ ts: '2017-01-03', other: 'o' });
    const map = configured(new TimestampConverterKey(), { field: 'ts', 'target.type': 'unix' }).apply(sourceRec({ key: { ts: new Date(MILLIS), x: 1 } }));
    expect(map.key).toEqual({ ts: MILLIS, x: 1 });
  });

  it('reports unparseable values and bad configs', () => {
    expect(() => conv({ 'target.type': 'unix', format: 'yyyy-MM-dd' }).apply(sourceRec({ value: 'nope' }))).toThrow(
      'Could not parse timestamp: value (nope) does not match pattern (yyyy-MM-dd)',
    );
    expect(() => conv({ 'target.type': 'unix' }).apply(sourceRec({ value: 1.5 }))).toThrow(
      'TimestampConverter does not support class java.lang.Double objects as timestamps',
    );
    expect(() => conv({ 'target.type': 'string' })).toThrow('TimestampConverter requires format option to be specified when using string timestamps');
    expect(() => conv({ 'target.type': 'epoch' })).toThrow(
      'Invalid value epoch for configuration target.type: String must be one of: string, unix, Date, Time, Timestamp',
    );
    expect(() => conv({ 'target.type': 'unix', 'unix.precision': 'hours' })).toThrow(/Invalid value hours for configuration unix.precision/);
  });
});
