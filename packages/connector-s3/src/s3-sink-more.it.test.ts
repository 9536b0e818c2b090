import { DeleteObjectTaggingCommand, type S3Client } from '@aws-sdk/client-s3';
import { ConnectDate, ConnectTimestamp, Decimal, DecimalValue, SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3SinkTask } from './s3-sink-task.js';
import { fakeContext, order, ORDER_SCHEMA, sinkRecord } from './test-support/records.js';
import { connectorProps, decodeAvro, jsonLines, listKeys, newBucket, readObject, testClient } from './test-support/s3-env.js';

let client: S3Client;
beforeAll(() => { client = testClient(); });
afterAll(() => client.destroy());

async function startTask(bucket: string, props: Record<string, string>, topic: string, now?: () => number) {
  const task = new S3SinkTask();
  if (now) task.now = now;
  const context = fakeContext([{ topic, partition: 0 }]);
  await task.start(connectorProps(bucket, props), context);
  return { task, context };
}

describe('AvroFormat against the real S3 server', () => {
  const address = SchemaBuilder.struct().field('city', Schemas.STRING).optional().build();
  const schema = SchemaBuilder.struct().name('shop.Payment')
    .field('small', Schemas.INT8)
    .field('price', Decimal.builder(2).build())
    .field('day', ConnectDate.builder().build())
    .field('at', ConnectTimestamp.builder().build())
    .field('tags', SchemaBuilder.array(Schemas.STRING).build())
    .field('byId', SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build())
    .field('address', address)
    .build();

  it('writes logical types, maps and nested structs as Confluent AvroData does, rotating on schema change', async () => {
    const bucket = await newBucket(client);
    const { task } = await startTask(bucket, { 'flush.size': '10', 'format.class': 'AvroFormat' }, 'pay');
    const value = new Struct(schema).put('small', -3).put('price', new DecimalValue(12345n, 2)).put('day', new Date(Date.UTC(2024, 0, 2)))
      .put('at', new Date(1_700_000_000_123)).put('tags', ['a', 'b']).put('byId', new Map([[7, 'seven']]))
      .put('address', new Struct(address).put('city', 'Lyon'));
    const noAddress = new Struct(schema).put('small', 1).put('price', new DecimalValue(-1n, 2)).put('day', new Date(0))
      .put('at', new Date(0)).put('tags', []).put('byId', new Map());
    await task.put([sinkRecord('pay', 0, 0, schema, value), sinkRecord('pay', 0, 1, schema, noAddress), sinkRecord('pay', 0, 2, ORDER_SCHEMA, order(2, 'eu'))]);
    // The schema change closed the first file; the Order record waits in an open file.
    expect(await task.preCommit([])).toEqual([{ topic: 'pay', partition: 0, offset: 2 }]);
    expect(await listKeys(client, bucket)).toEqual(['topics/pay/partition=0/pay+0+0000000000.avro']);
    const file = await decodeAvro(await readObject(client, bucket, 'topics/pay/partition=0/pay+0+0000000000.avro'));
    expect(file.codec).toBe('null');
    const fields = (file.schema as { fields: { name: string; type: unknown }[] }).fields;
    expect(fields.map((f) => f.name)).toEqual(['small', 'price', 'day', 'at', 'tags', 'byId', 'address']);
    expect(fields[0]!.type).toEqual({ type: 'int', 'connect.type': 'int8' });
    expect(fields[1]!.type).toMatchObject({ type: 'bytes', logicalType: 'decimal', scale: 2, precision: 64 });
    expect(fields[2]!.type).toMatchObject({ type: 'int', logicalType: 'date' });
    expect(fields[3]!.type).toMatchObject({ type: 'long', logicalType: 'timestamp-millis' });
    expect(fields[5]!.type).toMatchObject({ type: 'array', items: { type: 'record', name: 'io.confluent.connect.avro.MapEntry' } });
    expect(fields[6]!.type).toEqual(['null', { type: 'record', name: 'io.confluent.connect.avro.ConnectDefault', fields: [{ name: 'city', type: 'string' }] }]);
    expect(file.records.map((r) => JSON.parse(JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))) as unknown)).toEqual([
      { small: -3, price: { type: 'Buffer', data: [0x30, 0x39] }, day: 19724, at: 1700000000123, tags: ['a', 'b'], byId: [{ key: 7, value: 'seven' }], address: { city: 'Lyon' } },
      { small: 1, price: { type: 'Buffer', data: [0xff] }, day: 0, at: 0, tags: [], byId: [], address: null },
    ]);
    await task.stop();
  });
});

describe('more rotation and recovery against the real S3 server', () => {
  it('rotates on the wall-clock schedule (rotate.schedule.interval.ms) with the Wallclock extractor', async () => {
    const bucket = await newBucket(client);
    let now = Date.UTC(2024, 6, 1, 12, 0, 10);
    const { task } = await startTask(bucket, {
      'flush.size': '100', 'format.class': 'JsonFormat', 'rotate.schedule.interval.ms': '60000', 'partitioner.class': 'TimeBasedPartitioner',
      'path.format': "'dt'=YYYY-MM-dd/'hr'=HH", 'partition.duration.ms': '3600000', locale: 'en', timezone: 'UTC',
    }, 'wall', () => now);
    await task.put([sinkRecord('wall', 0, 0, ORDER_SCHEMA, order(0, 'eu'), null), sinkRecord('wall', 0, 1, ORDER_SCHEMA, order(1, 'eu'), null)]);
    expect(await task.preCommit([])).toEqual([]);
    now = Date.UTC(2024, 6, 1, 12, 1, 0);
    await task.put([sinkRecord('wall', 0, 2, ORDER_SCHEMA, order(2, 'eu'), null)]);
    expect(await task.preCommit([])).toEqual([{ topic: 'wall', partition: 0, offset: 2 }]);
    expect(await listKeys(client, bucket)).toEqual(['topics/wall/dt=2024-07-01/hr=12/wall+0+0000000000.json']);
    expect(jsonLines(await readObject(client, bucket, 'topics/wall/dt=2024-07-01/hr=12/wall+0+0000000000.json')).map((v) => (v as { id: number }).id)).toEqual([0, 1]);
    await task.stop();
  });

  it('rotates a quiet partition on the schedule from preCommit alone (the runtime never calls put without records)', async () => {
    const bucket = await newBucket(client);
    let now = Date.UTC(2024, 6, 1, 12, 0, 10);
    const { task } = await startTask(bucket, {
      'flush.size': '100', 'format.class': 'JsonFormat', 'rotate.schedule.interval.ms': '60000', timezone: 'UTC',
    }, 'idle', () => now);
    await task.put([0, 1].map((o) => sinkRecord('idle', 0, o, ORDER_SCHEMA, order(o, 'eu'))));
    now = Date.UTC(2024, 6, 1, 12, 0, 59);
    expect(await task.preCommit([])).toEqual([]);
    expect(await listKeys(client, bucket)).toEqual([]);
    now = Date.UTC(2024, 6, 1, 12, 1, 0);
    expect(await task.preCommit([])).toEqual([{ topic: 'idle', partition: 0, offset: 2 }]);
    expect(await listKeys(client, bucket)).toEqual(['topics/idle/partition=0/idle+0+0000000000.json']);
    // Nothing open any more: the next due time uploads nothing.
    now = Date.UTC(2024, 6, 1, 12, 2, 0);
    expect(await task.preCommit([])).toEqual([]);
    expect(await listKeys(client, bucket)).toHaveLength(1);
    await task.stop();
  });

  it('treats a batch without its completion tag as cut short: deletes it and resumes at its start', async () => {
    const bucket = await newBucket(client);
    const props = { 'flush.size': '2', 'format.class': 'JsonFormat', 'partitioner.class': 'FieldPartitioner', 'partition.field.name': 'region' };
    const a = await startTask(bucket, props, 'orders');
    await a.task.put([0, 1, 2, 3].map((o) => sinkRecord('orders', 0, o, ORDER_SCHEMA, order(o, o % 2 ? 'us' : 'eu'))));
    await a.task.stop();
    // Crash after every file of batch [2,4) was uploaded but before it was marked complete.
    await client.send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: 'topics/orders/region=us/orders+0+0000000003.json' }));
    const b = await startTask(bucket, props, 'orders');
    expect(b.context.seeks).toEqual([{ topic: 'orders', partition: 0, offset: 2 }]);
    expect(await listKeys(client, bucket)).toEqual(['topics/orders/region=eu/orders+0+0000000000.json', 'topics/orders/region=us/orders+0+0000000001.json']);
    await b.task.put([2, 3].map((o) => sinkRecord('orders', 0, o, ORDER_SCHEMA, order(o, o % 2 ? 'us' : 'eu'))));
    expect(await listKeys(client, bucket)).toEqual([
      'topics/orders/region=eu/orders+0+0000000000.json', 'topics/orders/region=eu/orders+0+0000000002.json',
      'topics/orders/region=us/orders+0+0000000001.json', 'topics/orders/region=us/orders+0+0000000003.json',
    ]);
    await b.task.stop();
  });
});
