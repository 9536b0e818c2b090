import type { S3Client } from '@aws-sdk/client-s3';
import { testEnv } from '@tsconnect/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3SinkTask } from './s3-sink-task.js';
import { startFlakyProxy, type FlakyAction } from './test-support/flaky-proxy.js';
import { fakeContext, order, ORDER_SCHEMA, sinkRecord } from './test-support/records.js';
import { connectorProps, jsonLines, listKeys, newBucket, readObject, testClient } from './test-support/s3-env.js';

let client: S3Client;
beforeAll(() => { client = testClient(); });
afterAll(() => client.destroy());

const PARTITIONS = [0, 1];
const records = (from: number, to: number) => PARTITIONS.flatMap((p) =>
  Array.from({ length: to - from }, (_, i) => sinkRecord('flaky', p, from + i, ORDER_SCHEMA, order(p * 1000 + from + i, 'eu'))));

/** Every (partition, offset) of the bucket, from the file names and line positions. */
async function offsetsInBucket(bucket: string): Promise<string[]> {
  const seen: string[] = [];
  for (const key of await listKeys(client, bucket)) {
    const [, p, start] = /flaky\+(\d)\+(\d{10})\.json$/.exec(key)!;
    jsonLines(await readObject(client, bucket, key)).forEach((v, i) => {
      const id = (v as { id: number }).id;
      expect(id).toBe(Number(p) * 1000 + Number(start) + i); // the line is the record at that offset
      seen.push(`${p}:${Number(start) + i}`);
    });
  }
  return seen.sort();
}

describe('transient S3 failures (503 SlowDown, connection resets) injected by a proxy in front of the real S3 server', () => {
  it('retries with backoff (s3.part.retries, s3.retry.backoff.ms) and writes every record exactly once', async () => {
    const bucket = await newBucket(client);
    // Of the first 60 requests, two in three fail (alternately SlowDown and reset): every request
    // needs up to 2 retries, fewer than s3.part.retries.
    const plan = (n: number): FlakyAction => (n <= 60 && n % 3 !== 0 ? (n % 2 === 0 ? 'slowdown' : 'reset') : 'forward');
    const proxy = await startFlakyProxy(testEnv('S3_ENDPOINT'), plan);
    try {
      const task = new S3SinkTask();
      await task.start(connectorProps(bucket, {
        'store.url': proxy.url, 'flush.size': '10', 'format.class': 'JsonFormat', 's3.part.retries': '3', 's3.retry.backoff.ms': '100',
      }), fakeContext(PARTITIONS.map((partition) => ({ topic: 'flaky', partition }))));
      for (let from = 0; from < 100; from += 25) await task.put(records(from, from + 25));
      expect(await task.preCommit([])).toEqual([{ topic: 'flaky', partition: 0, offset: 100 }, { topic: 'flaky', partition: 1, offset: 100 }]);
      await task.stop();

      const failed = proxy.log.filter((r) => r.action !== 'forward');
      expect(failed.length).toBe(40);
      expect(failed.filter((r) => r.action === 'slowdown').length).toBe(20);
      // Each failure was followed by a retry after the backoff: at least half of 100 ms.
      for (const f of failed) {
        const next = proxy.log[f.n]!; // log[n] is request n + 1
        expect(next.at - f.at).toBeGreaterThanOrEqual(45);
        expect([next.method, next.path]).toEqual([f.method, f.path]); // the same request again
      }
      const expected = PARTITIONS.flatMap((p) => Array.from({ length: 100 }, (_, o) => `${p}:${o}`)).sort();
      expect(await offsetsInBucket(bucket)).toEqual(expected);
      expect((await listKeys(client, bucket)).length).toBe(20);
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('fails the task with a clear error once the retries are used up, leaving no partial batch', async () => {
    const bucket = await newBucket(client);
    // Start and open pass (HeadBucket, ListObjectsV2 ×2), then every request gets SlowDown.
    const proxy = await startFlakyProxy(testEnv('S3_ENDPOINT'), (n) => (n <= 3 ? 'forward' : 'slowdown'));
    try {
      const task = new S3SinkTask();
      await task.start(connectorProps(bucket, {
        'store.url': proxy.url, 'flush.size': '10', 'format.class': 'JsonFormat', 's3.part.retries': '2', 's3.retry.backoff.ms': '10',
      }), fakeContext(PARTITIONS.map((partition) => ({ topic: 'flaky', partition }))));
      await expect(task.put(records(0, 10))).rejects.toThrow(
        `Writing flaky-0 to S3 bucket ${bucket} failed: Please reduce your request rate.`,
      );
      // 1 PutObject + 2 retries, then the cleanup DeleteObjects (also refused).
      expect(proxy.log.slice(3, 6).map((r) => `${r.method} ${r.path}`)).toEqual(Array(3).fill(`PUT /${bucket}/topics/flaky/partition%3D0/flaky%2B0%2B0000000000.json?x-id=PutObject`));
      await task.stop();
      expect(await listKeys(client, bucket)).toEqual([]);
    } finally {
      await proxy.close();
    }
  }, 60_000);
});
