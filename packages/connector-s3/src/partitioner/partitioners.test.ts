import { ConfigException, DataException, SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { describe, expect, it } from 'vitest';
import { parseS3SinkConfig } from '../s3-sink-config.js';
import { order, ORDER_SCHEMA, sinkRecord } from '../test-support/records.js';
import { newPartitioner } from './new-partitioner.js';
import { JodaFormatter } from './joda-format.js';

const base = { 's3.bucket.name': 'b', 'flush.size': '3', 'format.class': 'io.confluent.connect.s3.format.json.JsonFormat' };
const partitionerFor = (props: Record<string, string>) => newPartitioner(parseS3SinkConfig({ ...base, ...props }));
const HOURLY = {
  'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
  'path.format': "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH", 'partition.duration.ms': '3600000', locale: 'en-US', timezone: 'UTC',
  'timestamp.extractor': 'Record',
};

describe('DefaultPartitioner', () => {
  it('encodes partition=<n> under the topic', () => {
    const p = partitionerFor({});
    const encoded = p.encodePartition(sinkRecord('orders', 7, 0, ORDER_SCHEMA, order(1, 'eu')), 0);
    expect(encoded).toBe('partition=7');
    expect(p.generatePartitionedPath('orders', encoded)).toBe('orders/partition=7');
    expect(p.timestampExtractor).toBeNull();
  });
});

describe('FieldPartitioner', () => {
  const p = partitionerFor({ 'partitioner.class': 'FieldPartitioner', 'partition.field.name': 'region,id' });
  it('encodes <field>=<value> per field joined by directory.delim', () => {
    expect(p.encodePartition(sinkRecord('t', 0, 0, ORDER_SCHEMA, order(42, 'eu-west')), 0)).toBe('region=eu-west/id=42');
  });
  it('writes null values as <field>=null', () => {
    const q = partitionerFor({ 'partitioner.class': 'FieldPartitioner', 'partition.field.name': 'note' });
    expect(q.encodePartition(sinkRecord('t', 0, 0, ORDER_SCHEMA, order(1, 'eu')), 0)).toBe('note=null');
  });
  it('reads nested fields and schemaless maps', () => {
    const inner = SchemaBuilder.struct().field('country', Schemas.STRING).build();
    const outer = SchemaBuilder.struct().field('address', inner).field('vip', Schemas.BOOLEAN).build();
    const value = new Struct(outer).put('address', new Struct(inner).put('country', 'FR')).put('vip', true);
    const q = partitionerFor({ 'partitioner.class': 'FieldPartitioner', 'partition.field.name': 'address.country,vip' });
    expect(q.encodePartition(sinkRecord('t', 0, 0, outer, value), 0)).toBe('address.country=FR/vip=true');
    expect(q.encodePartition(sinkRecord('t', 0, 0, null, new Map<string, unknown>([['address', { country: 'DE' }], ['vip', false]])), 0))
      .toBe('address.country=DE/vip=false');
  });
  it('rejects missing fields, float fields and non-struct values with DataException', () => {
    const q = partitionerFor({ 'partitioner.class': 'FieldPartitioner', 'partition.field.name': 'amount' });
    expect(() => q.encodePartition(sinkRecord('t', 0, 0, ORDER_SCHEMA, order(1, 'eu')), 0)).toThrow(DataException);
    const r = partitionerFor({ 'partitioner.class': 'FieldPartitioner', 'partition.field.name': 'nope' });
    expect(() => r.encodePartition(sinkRecord('t', 0, 0, ORDER_SCHEMA, order(1, 'eu')), 0)).toThrow("Field 'nope' is not present in the schema.");
    expect(() => p.encodePartition(sinkRecord('t', 0, 3, Schemas.STRING, 'x'), 0)).toThrow('t-0@3');
  });
  it('needs partition.field.name', () => {
    expect(() => partitionerFor({ 'partitioner.class': 'FieldPartitioner' })).toThrow(ConfigException);
    expect(() => partitionerFor({ 'partitioner.class': 'FieldPartitioner' })).toThrow('partition.field.name');
  });
});

describe('TimeBasedPartitioner', () => {
  it('formats the hour bucket of the record timestamp', () => {
    const p = partitionerFor(HOURLY);
    // 2023-11-14T22:13:20.000Z
    expect(p.encodePartition(sinkRecord('t', 0, 0, ORDER_SCHEMA, order(1, 'eu'), 1_700_000_000_000), 0)).toBe('year=2023/month=11/day=14/hour=22');
  });
  it('floors in the configured time zone', () => {
    const p = partitionerFor({ ...HOURLY, 'path.format': "YYYY-MM-dd'T'HH", 'partition.duration.ms': '86400000', timezone: 'America/Los_Angeles' });
    // 22:13Z on Nov 14 is 14:13 in Los Angeles: the local day starts at 2023-11-14T00:00-08:00.
    expect(p.encodePartition(sinkRecord('t', 0, 0, ORDER_SCHEMA, order(1, 'eu'), 1_700_000_000_000), 0)).toBe('2023-11-14T00');
    const q = partitionerFor({ ...HOURLY, timezone: 'Asia/Kolkata', 'path.format': 'YYYY/MM/dd/HH/mm' });
    expect(q.encodePartition(sinkRecord('t', 0, 0, ORDER_SCHEMA, order(1, 'eu'), 1_700_000_000_000), 0)).toBe('2023/11/15/03/00');
  });
  it('takes the timestamp from a record field (Timestamp, int64, ISO string)', () => {
    const schema = SchemaBuilder.struct().field('ts', Schemas.INT64).build();
    const p = partitionerFor({ ...HOURLY, 'timestamp.extractor': 'RecordField', 'timestamp.field': 'ts' });
    expect(p.encodePartition(sinkRecord('t', 0, 0, schema, new Struct(schema).put('ts', 1_600_000_000_000), null), 0)).toBe('year=2020/month=09/day=13/hour=12');
    expect(p.encodePartition(sinkRecord('t', 0, 0, null, { ts: '2021-02-03T04:05:06Z' }, null), 0)).toBe('year=2021/month=02/day=03/hour=04');
  });
  it('uses the wall clock with the Wallclock extractor', () => {
    const p = partitionerFor({ ...HOURLY, 'timestamp.extractor': 'Wallclock' });
    expect(p.encodePartition(sinkRecord('t', 0, 0, ORDER_SCHEMA, order(1, 'eu'), null), Date.UTC(2024, 1, 29, 5, 59))).toBe('year=2024/month=02/day=29/hour=05');
    expect(p.timestampExtractor?.kind).toBe('Wallclock');
  });
  it('fails on a record without timestamp (Record extractor)', () => {
    const p = partitionerFor(HOURLY);
    expect(() => p.encodePartition(sinkRecord('t', 0, 9, ORDER_SCHEMA, order(1, 'eu'), null), 0)).toThrow('t-0@9 has no timestamp');
  });
  it('rejects bad path.format, timezone, locale and duration naming the key', () => {
    expect(() => partitionerFor({ ...HOURLY, 'path.format': 'YYYY/qq' })).toThrow('Invalid value YYYY/qq for configuration path.format: Illegal pattern component: qq');
    expect(() => partitionerFor({ ...HOURLY, timezone: 'Mars/Olympus' })).toThrow('configuration timezone');
    expect(() => partitionerFor({ ...HOURLY, locale: '' })).toThrow('Locale cannot be empty');
    expect(() => partitionerFor({ ...HOURLY, 'partition.duration.ms': '-1' })).toThrow('partition.duration.ms');
  });
});

describe('JodaFormatter', () => {
  const t = Date.UTC(2024, 0, 5, 7, 8, 9, 45); // Friday
  it('formats the usual pattern letters', () => {
    expect(new JodaFormatter("yyyy-MM-dd HH:mm:ss.SSS", 'UTC', 'en').format(t)).toBe('2024-01-05 07:08:09.045');
    expect(new JodaFormatter("yy/M/d/H", 'UTC', 'en').format(t)).toBe('24/1/5/7');
    expect(new JodaFormatter("MMM MMMM EEE EEEE D", 'UTC', 'en').format(t)).toBe('Jan January Fri Friday 5');
    expect(new JodaFormatter("xxxx-'W'ww-e", 'UTC', 'en').format(t)).toBe('2024-W01-5');
    expect(new JodaFormatter("hh a Z ZZ", 'Europe/Paris', 'en').format(t)).toBe('08 AM +0100 +01:00');
    expect(new JodaFormatter("'it''s' dd", 'UTC', 'en').format(t)).toBe("it's 05");
    expect(new JodaFormatter('MMMM', 'UTC', 'fr').format(t)).toBe('janvier');
  });
});
