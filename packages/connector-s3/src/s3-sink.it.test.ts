import type { S3Client } from '@aws-sdk/client-s3';
import { gunzipSync } from 'node:zlib';
import { Schemas, type SinkRecord } from '@tsconnect/sdk';
import { testEnv } from '@tsconnect/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3SinkTask } from './s3-sink-task.js';
import { connectorProps, decodeAvro, etag, jsonLines, listKeys, newBucket, readObject, testClient } from './test-support/s3-env.js';
import { fakeContext, order, ORDER_SCHEMA, sinkRecord } from './test-support/records.js';

let client: S3Client;
beforeAll(() => { client = testClient(); });
afterAll(() => client.destroy());

async function startTask(bucket: string, props: Record<string, string>, topic = 'orders', partitions = [0]) {
  const task = new S3SinkTask();
  const context = fakeContext(partitions.map((partition) => ({ topic, partition })));
  await task.start(connectorProps(bucket, props), context);
  return { task, context };
}
const orders = (topic: string, from: number, to: number, ts = (o: number) => 1_700_000_000_000 + o) =>
  Array.from({ length: to - from }, (_, i) => sinkRecord(topic, 0, from + i, ORDER_SCHEMA, order(from + i, (from + i) % 2 === 0 ? 'eu' : 'us'), ts(from + i)));

describe('S3SinkTask against the real S3 server', () => {
  it('DefaultPartitioner + JsonFormat: flush.size rotation, exact keys and JSON lines', async () => {
    const bucket = await newBucket(client);
    const { task } = await startTask(bucket, { 'flush.size': '3', 'format.class': 'io.confluent.connect.s3.format.json.JsonFormat' });
    await task.put(orders('orders', 0, 7));
    expect(await task.preCommit([])).toEqual([{ topic: 'orders', partition: 0, offset: 6 }]);
    expect(await task.preCommit([])).toEqual([]);
    expect(await listKeys(client, bucket)).toEqual([
      'topics/orders/partition=0/orders+0+0000000000.json',
      'topics/orders/partition=0/orders+0+0000000003.json',
    ]);
    expect(jsonLines(await readObject(client, bucket, 'topics/orders/partition=0/orders+0+0000000003.json'))).toEqual([
      { id: 3, region: 'us', amount: 4.5, note: null },
      { id: 4, region: 'eu', amount: 6, note: null },
      { id: 5, region: 'us', amount: 7.5, note: null },
    ]);
    await task.stop();
  });

  it('FieldPartitioner + AvroFormat: one container file per field value, decoded with avsc', async () => {
    const bucket = await newBucket(client);
    const { task } = await startTask(bucket, {
      'flush.size': '4', 'format.class': 'io.confluent.connect.s3.format.avro.AvroFormat', 'avro.codec': 'deflate',
      'partitioner.class': 'io.confluent.connect.storage.partitioner.FieldPartitioner', 'partition.field.name': 'region', 'topics.dir': 'lake',
    });
    await task.put(orders('orders', 10, 14));
    expect(await task.preCommit([])).toEqual([{ topic: 'orders', partition: 0, offset: 14 }]);
    expect(await listKeys(client, bucket)).toEqual(['lake/orders/region=eu/orders+0+0000000010.avro', 'lake/orders/region=us/orders+0+0000000011.avro']);
    const eu = await decodeAvro(await readObject(client, bucket, 'lake/orders/region=eu/orders+0+0000000010.avro'));
    expect(eu.codec).toBe('deflate');
    expect(eu.schema).toEqual({
      type: 'record', name: 'shop.Order',
      fields: [{ name: 'id', type: 'long' }, { name: 'region', type: 'string' }, { name: 'amount', type: 'double' }, { name: 'note', type: ['null', 'string'], default: null }],
    });
    expect(eu.records.map((r) => ({ ...(r as object) }))).toEqual([
      { id: 10n, region: 'eu', amount: 15, note: null },
      { id: 12n, region: 'eu', amount: 18, note: null },
    ]);
    await task.stop();
  });

  it('TimeBasedPartitioner + ByteArrayFormat + gzip: hourly directories, rotation on record time', async () => {
    const bucket = await newBucket(client);
    const { task } = await startTask(bucket, {
      'flush.size': '100', 'format.class': 'io.confluent.connect.s3.format.bytearray.ByteArrayFormat', 's3.compression.type': 'gzip',
      'format.bytearray.separator': '\\r\\n',
      'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner', 'path.format': "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH",
      'partition.duration.ms': '3600000', locale: 'en-US', timezone: 'UTC', 'timestamp.extractor': 'Record', 'rotate.interval.ms': '600000',
    }, 'clicks');
    const t0 = Date.UTC(2024, 4, 1, 9, 50);
    const at = [t0, t0 + 60_000, t0 + 9 * 60_000, t0 + 10 * 60_000, t0 + 11 * 60_000, t0 + 25 * 60_000];
    await task.put(at.map((ts, o) => sinkRecord('clicks', 0, o, Schemas.BYTES, Buffer.from(`click-${o}`), ts)));
    // 09:50, 09:51, 09:59 | 10:00 (hour changes) , 10:01 | 10:15 crosses 10 min of record time since 10:00.
    expect(await task.preCommit([])).toEqual([{ topic: 'clicks', partition: 0, offset: 5 }]);
    expect(await listKeys(client, bucket)).toEqual([
      'topics/clicks/year=2024/month=05/day=01/hour=09/clicks+0+0000000000.bin.gz',
      'topics/clicks/year=2024/month=05/day=01/hour=10/clicks+0+0000000003.bin.gz',
    ]);
    const first = gunzipSync(await readObject(client, bucket, 'topics/clicks/year=2024/month=05/day=01/hour=09/clicks+0+0000000000.bin.gz'));
    expect(first.toString('utf8')).toBe('click-0\r\nclick-1\r\nclick-2\r\n');
    const second = gunzipSync(await readObject(client, bucket, 'topics/clicks/year=2024/month=05/day=01/hour=10/clicks+0+0000000003.bin.gz'));
    expect(second.toString('utf8')).toBe('click-3\r\nclick-4\r\n');
    await task.stop();
  });

  it('JsonFormat + gzip writes .json.gz that gunzips to JSON lines', async () => {
    const bucket = await newBucket(client);
    const { task } = await startTask(bucket, { 'flush.size': '2', 'format.class': 'JsonFormat', 's3.compression.type': 'gzip' });
    await task.put(orders('orders', 0, 2));
    expect(await listKeys(client, bucket)).toEqual(['topics/orders/partition=0/orders+0+0000000000.json.gz']);
    expect(jsonLines(gunzipSync(await readObject(client, bucket, 'topics/orders/partition=0/orders+0+0000000000.json.gz')))).toEqual([
      { id: 0, region: 'eu', amount: 0, note: null },
      { id: 1, region: 'us', amount: 1.5, note: null },
    ]);
    await task.stop();
  });

  it('uploads an object larger than s3.part.size as a multipart upload', async () => {
    const bucket = await newBucket(client);
    const { task } = await startTask(bucket, {
      'flush.size': '48', 'format.class': 'ByteArrayFormat', 's3.part.size': String(5 * 1024 * 1024), 'format.bytearray.separator': '',
    }, 'big');
    const chunk = (o: number) => Buffer.alloc(256 * 1024, o % 251);
    await task.put(Array.from({ length: 48 }, (_, o) => sinkRecord('big', 0, o, Schemas.BYTES, chunk(o))));
    const key = 'topics/big/partition=0/big+0+0000000000.bin';
    expect(await listKeys(client, bucket)).toEqual([key]);
    const body = await readObject(client, bucket, key);
    expect(body.length).toBe(48 * 256 * 1024);
    expect(body.equals(Buffer.concat(Array.from({ length: 48 }, (_, o) => chunk(o))))).toBe(true);
    // 12 MiB in 5 MiB parts: a multipart ETag ends with the part count.
    expect(await etag(client, bucket, key)).toMatch(/-3"$/);
    await task.stop();
  });
});

describe('crash and restart', () => {
  const readIds = async (bucket: string) => {
    const ids: number[] = [];
    for (const key of await listKeys(client, bucket)) ids.push(...jsonLines(await readObject(client, bucket, key)).map((v) => (v as { id: number }).id));
    return ids.sort((a, b) => a - b);
  };

  it('resumes exactly after the last uploaded batch: no duplicates, no gaps', async () => {
    const bucket = await newBucket(client);
    const props = { 'flush.size': '3', 'format.class': 'JsonFormat' };
    const a = await startTask(bucket, props);
    await a.task.put(orders('orders', 0, 8)); // files at 0 and 3 uploaded; 6, 7 only buffered
    // Task A crashes: no preCommit, no close.
    const b = await startTask(bucket, props);
    expect(b.context.seeks).toEqual([{ topic: 'orders', partition: 0, offset: 6 }]);
    // The runtime re-delivers from its last committed offset (here: the beginning); B skips what the bucket has.
    await b.task.put(orders('orders', 0, 12));
    expect(await b.task.preCommit([])).toEqual([{ topic: 'orders', partition: 0, offset: 12 }]);
    expect(await listKeys(client, bucket)).toEqual([0, 3, 6, 9].map((o) => `topics/orders/partition=0/orders+0+${String(o).padStart(10, '0')}.json`));
    expect(await readIds(bucket)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    await b.task.stop();
  });

  it('rewrites a batch whose upload was cut short, leaving no partial batch behind', async () => {
    const bucket = await newBucket(client);
    const props = { 'flush.size': '4', 'format.class': 'JsonFormat', 'partitioner.class': 'FieldPartitioner', 'partition.field.name': 'region' };
    const a = await startTask(bucket, props);
    await a.task.put(orders('orders', 0, 4)); // batch [0,4): region=eu/+0, region=us/+1
    await a.task.put(orders('orders', 4, 8)); // batch [4,8): region=eu/+4, region=us/+5
    await a.task.stop();
    // Simulate a crash after only the first file of batch [4,8) was uploaded: the newest file is
    // gone and so is the "batch complete" tag.
    const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'topics/orders/region=us/orders+0+0000000005.json' }));
    const b = await startTask(bucket, props);
    expect(b.context.seeks).toEqual([{ topic: 'orders', partition: 0, offset: 4 }]);
    expect(await listKeys(client, bucket)).toEqual(['topics/orders/region=eu/orders+0+0000000000.json', 'topics/orders/region=us/orders+0+0000000001.json']);
    await b.task.put(orders('orders', 4, 10));
    expect(await b.task.preCommit([])).toEqual([{ topic: 'orders', partition: 0, offset: 8 }]);
    expect(await readIds(bucket)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await b.task.stop();
    // A third start finds the complete batch [4,8) and resumes at 8.
    const c = await startTask(bucket, props);
    expect(c.context.seeks).toEqual([{ topic: 'orders', partition: 0, offset: 8 }]);
    await c.task.stop();
  });

  it('does not seek partitions the bucket has nothing for, and fails on a missing bucket', async () => {
    const bucket = await newBucket(client);
    const a = await startTask(bucket, { 'flush.size': '3', 'format.class': 'JsonFormat' }, 'empty', [0, 1]);
    expect(a.context.seeks).toEqual([]);
    await expect(a.task.put([sinkRecord('other', 0, 0, null, {}) as SinkRecord])).rejects.toThrow('No writer for topic partition other-0');
    await a.task.stop();
    await expect(startTask(`${bucket}-missing`, { 'flush.size': '3', 'format.class': 'JsonFormat' })).rejects.toThrow(
      `s3.bucket.name: S3 bucket "${bucket}-missing" at ${testEnv('S3_ENDPOINT')} does not exist (HeadBucket: HTTP 404 NotFound)`,
    );
  });
});
