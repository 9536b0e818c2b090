import { describe, expect, it } from 'vitest';
import { ConnectTimestamp, SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { InsertFieldKey, InsertFieldValue } from './insert-field.js';
import { configured, fieldsOf, sinkRec, sourceRec } from './records.test-support.js';

const props = {
  'topic.field': 'topic_field!',
  'partition.field': 'partition_field',
  'offset.field': 'offset_field!',
  'timestamp.field': 'timestamp_field?',
  'static.field': 'instance_id',
  'static.value': 'my-instance-id',
};

describe('InsertField', () => {
  it('adds metadata fields to a struct value with Kafka schemas', () => {
    const schema = SchemaBuilder.struct().name('name').version(1).doc('doc').field('magic', Schemas.OPTIONAL_INT64).build();
    const record = sinkRec({ topic: 'test', kafkaPartition: 0, valueSchema: schema, value: new Struct(schema).put('magic', 42), timestamp: 1_500_000_000_000 });
    const out = configured(new InsertFieldValue(), props).apply(record);
    const s = out.valueSchema!;
    expect([s.name, s.version, s.doc]).toEqual(['name', 1, 'doc']);
    expect(s.fields!.map((f) => [f.name, f.schema])).toEqual([
      ['magic', Schemas.OPTIONAL_INT64],
      ['topic_field', Schemas.STRING],
      ['partition_field', Schemas.OPTIONAL_INT32],
      ['offset_field', Schemas.INT64],
      ['timestamp_field', ConnectTimestamp.builder().optional().build()],
      ['instance_id', Schemas.OPTIONAL_STRING],
    ]);
    expect(fieldsOf(out.value)).toEqual({
      magic: 42, topic_field: 'test', partition_field: 0, offset_field: 42,
      timestamp_field: new Date(1_500_000_000_000), instance_id: 'my-instance-id',
    });
    expect(out.kafkaOffset).toBe(42);
    expect(record.valueSchema).toBe(schema); // input untouched
  });

  it('adds to a schemaless Map and plain object, keeping the kind', () => {
    const t = configured(new InsertFieldValue(), props);
    const out = t.apply(sinkRec({ value: new Map([['magic', 42]]), timestamp: 1_500_000_000_000 }));
    expect(out.value).toEqual(new Map<string, unknown>([
      ['magic', 42], ['topic_field', 'test'], ['partition_field', 0], ['offset_field', 42],
      ['timestamp_field', 1_500_000_000_000], ['instance_id', 'my-instance-id'],
    ]));
    const obj = t.apply(sinkRec({ value: { magic: 42 } }));
    expect(obj.value).toEqual({ magic: 42, topic_field: 'test', partition_field: 0, offset_field: 42, instance_id: 'my-instance-id' });
  });

  it('passes null values (tombstones) through and works on keys', () => {
    const t = configured(new InsertFieldValue(), { 'topic.field': 't' });
    const tomb = sourceRec({ value: null });
    expect(t.apply(tomb)).toBe(tomb);
    const k = configured(new InsertFieldKey(), { 'topic.field': 't' }).apply(sourceRec({ key: { id: 1 } }));
    expect(k.key).toEqual({ id: 1, t: 'test' });
  });

  it('needs a sink record for offset.field', () => {
    const t = configured(new InsertFieldValue(), { 'offset.field': 'o' });
    expect(() => t.apply(sourceRec({ value: {} }))).toThrow(
      'Only SinkRecord supported for [field insertion], found: org.apache.kafka.connect.source.SourceRecord',
    );
  });

  it('honours replace.null.with.default when copying fields', () => {
    const schema = SchemaBuilder.struct().field('n', SchemaBuilder.int32().optional().defaultValue(7).build()).build();
    const value = new Struct(schema);
    const withDefault = configured(new InsertFieldValue(), { 'static.field': 's', 'static.value': 'v' }).apply(sourceRec({ valueSchema: schema, value }));
    expect(fieldsOf(withDefault.value)).toEqual({ n: 7, s: 'v' });
    const noDefault = configured(new InsertFieldValue(), { 'static.field': 's', 'static.value': 'v', 'replace.null.with.default': 'false' })
      .apply(sourceRec({ valueSchema: schema, value }));
    expect(fieldsOf(noDefault.value)).toEqual({ n: null, s: 'v' });
  });

  it('rejects bad configs naming the key', () => {
    expect(() => new InsertFieldValue().configure({})).toThrow('No field insertion configured');
    expect(() => new InsertFieldValue().configure({ 'static.field': 'x' })).toThrow(
      'Invalid value null for configuration static.value: No value specified for static field: x',
    );
    expect(() => new InsertFieldValue().configure({ 'topic.field': 't', 'replace.null.with.default': 'maybe' })).toThrow(
      'Invalid value maybe for configuration replace.null.with.default',
    );
  });

  it('fails on a non-struct value with schema', () => {
    const t = configured(new InsertFieldValue(), { 'topic.field': 't' });
    expect(() => t.apply(sourceRec({ valueSchema: Schemas.STRING, value: 'x' }))).toThrow(
      'Only Struct objects supported for [field insertion], found: java.lang.String',
    );
    expect(() => t.apply(sourceRec({ value: 'x' }))).toThrow(
      'Only Map objects supported in absence of schema for [field insertion], found: java.lang.String',
    );
  });
});
