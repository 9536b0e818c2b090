import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { testEnv, uniqueName, waitFor } from '@tsconnect/test-support';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorProps, jsonLines, newBucket, readObject, testClient } from './test-support/s3-env.js';

const TOTAL = 100_000;
const PARTITIONS = 4;
const FLUSH_SIZE = 500; // 25 000 records per partition: 50 objects each, 200 in all
const CHILD = fileURLToPath(new URL('./test-support/worker-child.mjs', import.meta.url));

/** Record `id` goes to partition id % 4; one producer, in order, so its offset is floor(id / 4). */
const value = (id: number) => ({ id, p: id % PARTITIONS, name: `name-${id}-${'x'.repeat(id % 13)}` });

async function allKeys(client: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? []) keys.push(o.Key!);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}

describe('exactly once through a real worker process killed with SIGKILL mid-load', () => {
  const topic = uniqueName('s3_eos');
  const connector = uniqueName('s3-eos');
  const dir = mkdtempSync(join(tmpdir(), 's3-eos-'));
  const kafka = new Kafka({ brokers: [testEnv('KAFKA_BOOTSTRAP')], logLevel: logLevel.NOTHING, clientId: 's3-eos-test' });
  const admin = kafka.admin();
  const children: ChildProcess[] = [];
  let client: S3Client;
  let bucket: string;

  beforeAll(async () => {
    client = testClient();
    bucket = await newBucket(client);
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }], waitForLeaders: true });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let start = 0; start < TOTAL; start += 5000) {
      const messages = [];
      for (let id = start; id < start + 5000; id++) messages.push({ partition: id % PARTITIONS, value: JSON.stringify(value(id)) });
      await producer.send({ topic, messages });
    }
    await producer.disconnect();
    writeFileSync(join(dir, 'worker.json'), JSON.stringify({
      'bootstrap.servers': testEnv('KAFKA_BOOTSTRAP'), 'rest.port': '0',
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'key.converter.schemas.enable': 'false', 'value.converter.schemas.enable': 'false',
      'offset.storage.file.filename': join(dir, 'offsets.json'), 'offset.flush.interval.ms': '1000', 'log.level': 'warn',
    }));
    writeFileSync(join(dir, 'connector.json'), JSON.stringify({
      name: connector,
      config: {
        'connector.class': 'io.confluent.connect.s3.S3SinkConnector', 'tasks.max': '1', topics: topic,
        ...connectorProps(bucket, { 'flush.size': String(FLUSH_SIZE), 'format.class': 'io.confluent.connect.s3.format.json.JsonFormat' }),
      },
    }));
  }, 180_000);

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await admin.disconnect();
    client?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  function startWorker(n: number): ChildProcess {
    const log = createWriteStream(join(dir, `worker-${n}.log`));
    const child = spawn(process.execPath, [CHILD, join(dir, 'worker.json'), join(dir, 'connector.json')], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    children.push(child);
    return child;
  }

  it('restarts after kill -9; every (partition, offset) is in exactly one object and the group is at the end offsets', async () => {
    const first = startWorker(1);
    const atCrash = await waitFor('the first worker uploaded 40 objects', async () => {
      const keys = await allKeys(client, bucket);
      return keys.length >= 40 ? keys.length : undefined;
    }, { timeoutMs: 120_000, intervalMs: 50 });
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(atCrash).toBeLessThan(TOTAL / FLUSH_SIZE); // really killed mid-load

    startWorker(2);
    const ends = await admin.fetchTopicOffsets(topic);
    const endOffsets = new Map(ends.map((e) => [e.partition, Number(e.high)]));
    expect([...endOffsets.values()]).toEqual(Array(PARTITIONS).fill(TOTAL / PARTITIONS));
    // The group commits what preCommit returns: only uploaded batches. At the end offsets, everything is in the bucket.
    await waitFor('the consumer group caught up', async () => {
      const [res] = await admin.fetchOffsets({ groupId: `connect-${connector}`, topics: [topic] });
      return res!.partitions.every((x) => Number(x.offset) === endOffsets.get(x.partition)) ? true : undefined;
    }, { timeoutMs: 180_000, intervalMs: 500 });

    const keys = await allKeys(client, bucket);
    const seen = new Map<string, string[]>(); // "p:offset" → objects holding it
    for (const key of keys) {
      const m = new RegExp(`^topics/${topic}/partition=(\\d)/${topic}\\+(\\d)\\+(\\d{10})\\.json$`).exec(key);
      expect(m, key).not.toBeNull();
      const [, dirPartition, p, start] = m!;
      expect(dirPartition).toBe(p);
      jsonLines(await readObject(client, bucket, key)).forEach((v, i) => {
        const offset = Number(start) + i;
        // The line is the record at that offset: its id maps back to (partition, offset).
        expect(v, `${key} line ${i}`).toEqual(value(offset * PARTITIONS + Number(p)));
        const at = `${p}:${offset}`;
        seen.set(at, [...(seen.get(at) ?? []), key]);
      });
    }
    const duplicates = [...seen].filter(([, ks]) => ks.length > 1);
    expect(duplicates.slice(0, 5)).toEqual([]);
    const missing: string[] = [];
    for (let p = 0; p < PARTITIONS; p++) for (let o = 0; o < TOTAL / PARTITIONS; o++) if (!seen.has(`${p}:${o}`)) missing.push(`${p}:${o}`);
    expect(missing.slice(0, 5)).toEqual([]);
    expect(seen.size).toBe(TOTAL);
    expect(keys.length).toBe(TOTAL / FLUSH_SIZE);
  }, 400_000);
});
