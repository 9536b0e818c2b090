// S3 sink throughput: @tsconnect/connector-s3's task (put → JsonFormat → PutObject at each
// flush.size rotation) vs raw PutObject of the very same objects (same bytes, sizes, count), same
// run, same S3 server (test-env's moto).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
import { S3SinkTask } from '@tsconnect/connector-s3';
import { testEnv } from '@tsconnect/test-support';
import { machineInfo } from '../src/machine-info.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(HERE, '../results');
/** Record sizes in bytes: each record is one JSON line of exactly this many bytes. */
const DEFAULT_SIZES = [100, 1000, 10_000];
/** Bytes per object (flush.size = OBJECT_BYTES / size) and objects per size: 13 × 4 MB = 52 MB. */
const OBJECT_BYTES = 4_000_000;
const OBJECTS = Number(process.env.S3_BENCH_OBJECTS ?? 13);
/** Records per put(): about what one runtime batch (several kafkajs fetches) hands the task. */
const PUT_RECORDS = 10_000;
const TOPIC = 'bench';
const LINE_OVERHEAD = '{"id":"0000000000","pad":""}\n'.length;

const label = (size) => (size >= 1000 && size % 1000 === 0 ? `${size / 1000}KB` : `${size}B`);

function parseSizes(raw) {
  if (!raw?.length) return DEFAULT_SIZES;
  return raw.flatMap((s) => s.split(',')).map((s) => {
    const n = Number(s.replace(/_/g, '').replace(/kb$/i, '000').replace(/b$/i, ''));
    if (!Number.isInteger(n) || n < LINE_OVERHEAD || n > OBJECT_BYTES) throw new Error(`--size must be a record size in bytes between ${LINE_OVERHEAD} and ${OBJECT_BYTES} (100, 1KB …), got ${JSON.stringify(s)}`);
    return n;
  });
}

/** Schemaless values (as JsonConverter with schemas.enable=false gives them) whose JSON line is `size` bytes. */
function buildRecords(size, count) {
  const pad = 'x'.repeat(size - LINE_OVERHEAD);
  const records = new Array(count);
  for (let i = 0; i < count; i++) {
    records[i] = {
      topic: TOPIC, kafkaPartition: 0, kafkaOffset: i, timestamp: 0, timestampType: 'CreateTime', headers: [],
      originalTopic: TOPIC, originalKafkaPartition: 0, originalKafkaOffset: i,
      keySchema: null, key: null, valueSchema: null, value: { id: String(i).padStart(10, '0'), pad },
    };
  }
  return records;
}

const context = () => ({
  configs: {}, signal: new AbortController().signal, offset: () => undefined, assignment: () => [{ topic: TOPIC, partition: 0 }],
  pause: () => undefined, resume: () => undefined, requestCommit: () => undefined,
});

async function listAll(client, bucket) {
  const out = [];
  let token;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? []) out.push({ key: o.Key, size: o.Size });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out.sort((a, b) => (a.key < b.key ? -1 : 1));
}

async function dropBucket(client, bucket) {
  const objects = await listAll(client, bucket);
  for (let i = 0; i < objects.length; i += 1000) {
    await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects.slice(i, i + 1000).map((o) => ({ Key: o.key })) } }));
  }
  await client.send(new DeleteBucketCommand({ Bucket: bucket }));
}

async function benchSize(client, size) {
  const flushSize = Math.floor(OBJECT_BYTES / size);
  const count = flushSize * OBJECTS;
  const bytes = count * size;
  const records = buildRecords(size, count);
  const tag = `${size}-${process.pid}-${Date.now().toString(36)}`;
  const oursBucket = `bench-s3-ours-${tag}`;
  const refBucket = `bench-s3-put-${tag}`;
  await client.send(new CreateBucketCommand({ Bucket: oursBucket }));
  await client.send(new CreateBucketCommand({ Bucket: refBucket }));
  try {
    // ours: the sink task, as the runtime drives it (put per batch, preCommit after each).
    const task = new S3SinkTask();
    await task.start({
      's3.bucket.name': oursBucket, 's3.region': testEnv('S3_REGION'), 'store.url': testEnv('S3_ENDPOINT'),
      'aws.access.key.id': testEnv('S3_ACCESS_KEY_ID'), 'aws.secret.access.key': testEnv('S3_SECRET_ACCESS_KEY'),
      'format.class': 'io.confluent.connect.s3.format.json.JsonFormat', 'flush.size': String(flushSize),
    }, context());
    let committed = null;
    const started = process.hrtime.bigint();
    for (let i = 0; i < count; i += PUT_RECORDS) {
      await task.put(records.slice(i, i + PUT_RECORDS));
      const offsets = await task.preCommit([]);
      if (offsets.length > 0) committed = offsets[0].offset;
    }
    const oursSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    await task.stop();

    // Verify ours before anything else: object count, sizes, records and their order.
    const ours = await listAll(client, oursBucket);
    const problems = [];
    if (committed !== count) problems.push(`preCommit ended at offset ${committed}, expected ${count}`);
    if (ours.length !== OBJECTS) problems.push(`${ours.length} objects instead of ${OBJECTS}`);
    const bodies = [];
    let lines = 0;
    for (const [n, o] of ours.entries()) {
      const expectedKey = `topics/${TOPIC}/partition=0/${TOPIC}+0+${String(n * flushSize).padStart(10, '0')}.json`;
      if (o.key !== expectedKey) problems.push(`object ${n} is ${o.key}, expected ${expectedKey}`);
      const res = await client.send(new GetObjectCommand({ Bucket: oursBucket, Key: o.key }));
      const body = Buffer.from(await res.Body.transformToByteArray());
      if (body.length !== flushSize * size) problems.push(`${o.key}: ${body.length} bytes instead of ${flushSize * size}`);
      const text = body.toString('utf8');
      const objectLines = text.split('\n').length - 1;
      lines += objectLines;
      const first = JSON.parse(text.slice(0, text.indexOf('\n')));
      if (first.id !== String(n * flushSize).padStart(10, '0')) problems.push(`${o.key} starts with record ${first.id}`);
      bodies.push({ key: o.key, body });
    }
    if (lines !== count) problems.push(`${lines} records in the bucket instead of ${count}`);
    if (problems.length) throw new Error(`INCOMPLETE: ours at ${label(size)}: ${problems.join('; ')}`);

    // The ceiling: the same objects (bytes, sizes, count), PutObject one after the other as ours does.
    const refStarted = process.hrtime.bigint();
    for (const { key, body } of bodies) await client.send(new PutObjectCommand({ Bucket: refBucket, Key: key, Body: body }));
    const refSeconds = Number(process.hrtime.bigint() - refStarted) / 1e9;
    const ref = await listAll(client, refBucket);
    const refBytes = ref.reduce((n, o) => n + o.size, 0);
    if (ref.length !== OBJECTS || refBytes !== bytes) throw new Error(`INCOMPLETE: putobject at ${label(size)}: ${ref.length} objects, ${refBytes} bytes (expected ${OBJECTS}, ${bytes})`);
    return { size, records: count, bytes, objects: OBJECTS, flushSize, oursSeconds, putobjectSeconds: refSeconds };
  } finally {
    await dropBucket(client, oursBucket).catch(() => undefined);
    await dropBucket(client, refBucket).catch(() => undefined);
  }
}

export async function run(options) {
  const sizes = parseSizes(options.size);
  const client = new S3Client({
    endpoint: testEnv('S3_ENDPOINT'), region: testEnv('S3_REGION'), forcePathStyle: true,
    credentials: { accessKeyId: testEnv('S3_ACCESS_KEY_ID'), secretAccessKey: testEnv('S3_SECRET_ACCESS_KEY') },
    requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED', // as the sink's client
  });
  const results = [];
  try {
    for (const size of sizes) {
      const r = await benchSize(client, size);
      const figures = {
        'MB/s': [r.bytes / 1e6 / r.oursSeconds, r.bytes / 1e6 / r.putobjectSeconds],
        'records/s': [r.records / r.oursSeconds, r.records / r.putobjectSeconds],
      };
      for (const [metric, [ours, put]] of Object.entries(figures)) {
        const fmt = (x) => (metric === 'MB/s' ? x.toFixed(1) : String(Math.round(x)));
        console.log(`s3-sink ${label(size)} ${metric}: ours ${fmt(ours)}, putobject ${fmt(put)}, ratio ${(ours / put).toFixed(2)}`);
      }
      results.push({ ...r, oursMBps: figures['MB/s'][0], putobjectMBps: figures['MB/s'][1],
        oursRecordsPerSecond: figures['records/s'][0], putobjectRecordsPerSecond: figures['records/s'][1], ratio: r.putobjectSeconds / r.oursSeconds });
    }
  } finally {
    client.destroy();
  }
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `s3-sink-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ bench: 's3-sink', server: 'moto_server 5.2.5 (test-env)', objectBytes: OBJECT_BYTES, putRecords: PUT_RECORDS, machine: machineInfo(), results }, null, 2)}\n`);
  console.log(`results: ${file}`);
}
