import { SchemaBuilder, Schemas, Struct, type SinkRecord } from '@tsconnect/sdk';
import { describe, expect, it } from 'vitest';
import { newFormat } from './format/new-format.js';
import { newPartitioner } from './partitioner/new-partitioner.js';
import { parseS3SinkConfig } from './s3-sink-config.js';
import { memoryStorage } from './test-support/memory-storage.js';
import { order, ORDER_SCHEMA, sinkRecord } from './test-support/records.js';
import { TopicPartitionWriter } from './topic-partition-writer.js';

function setup(props: Record<string, string>, clock = { now: 0 }, recovered: number | null = null) {
  const config = parseS3SinkConfig({ 's3.bucket.name': 'b', 'format.class': 'JsonFormat', ...props });
  const mem = memoryStorage();
  const writer = new TopicPartitionWriter(
    { tp: { topic: 't', partition: 0 }, config, storage: mem.storage, format: newFormat(config), partitioner: newPartitioner(config), now: () => clock.now },
    recovered,
  );
  const lines = (key: string) => mem.objects.get(key)!.toString('utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: number }).id);
  return { writer, ...mem, lines };
}
const rec = (offset: number, ts = 0, region = 'eu') => sinkRecord('t', 0, offset, ORDER_SCHEMA, order(offset, region), ts);

describe('TopicPartitionWriter rotation', () => {
  it('rotates after flush.size records and commits the offset after the last one', async () => {
    const { writer, objects, tags, lines } = setup({ 'flush.size': '3' });
    await writer.write([0, 1, 2, 3, 4, 5, 6].map((o) => rec(o)));
    expect([...objects.keys()]).toEqual(['topics/t/partition=0/t+0+0000000000.json', 'topics/t/partition=0/t+0+0000000003.json']);
    expect(lines('topics/t/partition=0/t+0+0000000003.json')).toEqual([3, 4, 5]);
    expect(tags.get('topics/t/partition=0/t+0+0000000003.json')).toEqual({ 'tsconnect.batch.start': '3', 'tsconnect.batch.next': '6', 'tsconnect.batch.files': '1' });
    expect(writer.takeOffsetToCommit()).toBe(6);
    expect(writer.takeOffsetToCommit()).toBeNull();
  });

  it('counts flush.size over all encoded partitions and commits every open file together', async () => {
    const { writer, objects, lines } = setup({ 'flush.size': '4', 'partitioner.class': 'FieldPartitioner', 'partition.field.name': 'region' });
    await writer.write([rec(10, 0, 'eu'), rec(11, 0, 'us'), rec(12, 0, 'eu'), rec(13, 0, 'us'), rec(14, 0, 'us')]);
    expect([...objects.keys()].sort()).toEqual(['topics/t/region=eu/t+0+0000000010.json', 'topics/t/region=us/t+0+0000000011.json']);
    expect(lines('topics/t/region=us/t+0+0000000011.json')).toEqual([11, 13]);
    expect(writer.takeOffsetToCommit()).toBe(14);
  });

  it('rotates on record time (rotate.interval.ms) before the record that crosses it', async () => {
    const { writer, objects, lines } = setup({
      'flush.size': '100', 'rotate.interval.ms': '1000', 'partitioner.class': 'TimeBasedPartitioner', 'path.format': "'d'=YYYYMMdd",
      'partition.duration.ms': '86400000', locale: 'en', timezone: 'UTC', 'timestamp.extractor': 'Record',
    });
    await writer.write([rec(0, 5000), rec(1, 5400), rec(2, 5999), rec(3, 6000), rec(4, 6100)]);
    expect([...objects.keys()]).toEqual(['topics/t/d=19700101/t+0+0000000000.json']);
    expect(lines('topics/t/d=19700101/t+0+0000000000.json')).toEqual([0, 1, 2]);
    expect(writer.takeOffsetToCommit()).toBe(3);
  });

  it('rotates when a time-based record moves to another encoded partition', async () => {
    const { writer, objects } = setup({
      'flush.size': '100', 'rotate.interval.ms': '3600000', 'partitioner.class': 'TimeBasedPartitioner', 'path.format': "'m'=mm",
      'partition.duration.ms': '60000', locale: 'en', timezone: 'UTC', 'timestamp.extractor': 'Record',
    });
    await writer.write([rec(0, 0), rec(1, 30_000), rec(2, 60_000)]);
    expect([...objects.keys()]).toEqual(['topics/t/m=00/t+0+0000000000.json']);
    expect(writer.takeOffsetToCommit()).toBe(2);
  });

  it('ignores rotate.interval.ms without a time-based partitioner (as Confluent)', async () => {
    const { writer, objects } = setup({ 'flush.size': '100', 'rotate.interval.ms': '1' });
    await writer.write([rec(0, 0), rec(1, 50_000)]);
    expect(objects.size).toBe(0);
  });

  it('rotates on the wall-clock schedule, also when no record arrives', async () => {
    const clock = { now: Date.UTC(2024, 0, 1, 10, 0) };
    const { writer, objects } = setup({ 'flush.size': '100', 'rotate.schedule.interval.ms': '3600000', timezone: 'UTC' }, clock);
    await writer.write([rec(0), rec(1)]);
    clock.now = Date.UTC(2024, 0, 1, 10, 59);
    await writer.write([]);
    expect(objects.size).toBe(0);
    clock.now = Date.UTC(2024, 0, 1, 11, 0);
    await writer.write([]);
    expect([...objects.keys()]).toEqual(['topics/t/partition=0/t+0+0000000000.json']);
    expect(writer.takeOffsetToCommit()).toBe(2);
  });

  it('rotates when the value schema changes', async () => {
    const v2 = SchemaBuilder.struct().name('shop.Order').field('id', Schemas.INT64).build();
    const { writer, objects } = setup({ 'flush.size': '100' });
    await writer.write([rec(0), rec(1), sinkRecord('t', 0, 2, v2, new Struct(v2).put('id', 2))]);
    expect([...objects.keys()]).toEqual(['topics/t/partition=0/t+0+0000000000.json']);
    expect(writer.takeOffsetToCommit()).toBe(2);
  });

  it('skips records before the recovered offset and null values when asked', async () => {
    const { writer, lines } = setup({ 'flush.size': '2', 'behavior.on.null.values': 'ignore' }, { now: 0 }, 5);
    const tombstone: SinkRecord = { ...rec(6), value: null };
    await writer.write([rec(3), rec(4), rec(5), tombstone, rec(7)]);
    expect(lines('topics/t/partition=0/t+0+0000000005.json')).toEqual([5, 7]);
    expect(writer.takeOffsetToCommit()).toBe(8);
  });

  it('fails on null values by default, naming the record', async () => {
    const { writer } = setup({ 'flush.size': '2' });
    await expect(writer.write([{ ...rec(6), value: null }])).rejects.toThrow('Null valued record t-0@6 cannot be written with behavior.on.null.values=fail');
  });
});
