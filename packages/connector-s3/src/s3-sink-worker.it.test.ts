import type { S3Client } from '@aws-sdk/client-s3';
import { testEnv, uniqueName, waitFor } from '@tsconnect/test-support';
import { startTestWorker, type TestWorker } from '@tsconnect/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tsconnectPlugins } from './index.js';
import { connectorProps, jsonLines, listKeys, newBucket, readObject, testClient } from './test-support/s3-env.js';

let client: S3Client;
let w: TestWorker;
const kafka = new Kafka({ brokers: [testEnv('KAFKA_BOOTSTRAP')], logLevel: logLevel.NOTHING, clientId: 's3-worker-test' });
const admin = kafka.admin();
beforeAll(async () => {
  client = testClient();
  await admin.connect();
  w = await startTestWorker({ bootstrapServers: testEnv('KAFKA_BOOTSTRAP'), plugins: tsconnectPlugins });
}, 60_000);
afterAll(async () => {
  await w?.stop();
  await admin.disconnect();
  client.destroy();
});

describe('S3 sink in a real worker (in-process standalone runtime)', () => {
  it('closes files of quiet partitions on rotate.schedule.interval.ms through preCommit (no put without records)', async () => {
    const bucket = await newBucket(client);
    const topic = uniqueName('quiet');
    const name = uniqueName('quiet-s3');
    await w.kafka.createTopic(topic, { partitions: 2 });
    await w.kafka.produce(topic, [0, 1, 2].map((i) => ({ partition: 0, value: JSON.stringify({ i }) })));
    await w.kafka.produce(topic, [3, 4].map((i) => ({ partition: 1, value: JSON.stringify({ i }) })));
    await w.createConnector(name, {
      'connector.class': 'io.confluent.connect.s3.S3SinkConnector', topics: topic, 'tasks.max': '1',
      ...connectorProps(bucket, { 'flush.size': '1000', 'format.class': 'JsonFormat', 'rotate.schedule.interval.ms': '2000', timezone: 'UTC' }),
    });
    // Far below flush.size and no more records: only the wall-clock schedule can close these files.
    const keys = await waitFor('both quiet partitions uploaded', async () => {
      const k = await listKeys(client, bucket);
      return k.length === 2 ? k : undefined;
    }, { timeoutMs: 20_000 });
    expect(keys).toEqual([`topics/${topic}/partition=0/${topic}+0+0000000000.json`, `topics/${topic}/partition=1/${topic}+1+0000000000.json`]);
    expect(jsonLines(await readObject(client, bucket, keys[0]!))).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
    expect(jsonLines(await readObject(client, bucket, keys[1]!))).toEqual([{ i: 3 }, { i: 4 }]);
    const committed = await waitFor('the group committed what was uploaded', async () => {
      const [res] = await admin.fetchOffsets({ groupId: `connect-${name}`, topics: [topic] });
      const m = Object.fromEntries(res!.partitions.map((p) => [p.partition, p.offset]));
      return m[0] === '3' && m[1] === '2' ? m : undefined;
    }, { timeoutMs: 10_000 });
    expect(committed).toEqual({ 0: '3', 1: '2' });
    await w.deleteConnector(name);
  }, 60_000);

  it('PUT /connector-plugins/.../config/validate reports a missing bucket on s3.bucket.name', async () => {
    const infos = await w.validateConfig('io.confluent.connect.s3.S3SinkConnector', {
      name: 'validate-me', 'connector.class': 'io.confluent.connect.s3.S3SinkConnector', topics: 't',
      ...connectorProps('no-such-bucket-here', { 'flush.size': '10', 'format.class': 'JsonFormat' }),
    });
    expect(infos.configs.filter((c) => c.value.errors.length > 0).map((c) => c.definition.name)).toEqual(['s3.bucket.name']);
    expect(infos.error_count).toBe(1);
    const bucketInfo = infos.configs.find((c) => c.definition.name === 's3.bucket.name')!.value;
    expect(bucketInfo).toMatchObject({
      name: 's3.bucket.name', value: 'no-such-bucket-here',
      errors: [`S3 bucket "no-such-bucket-here" at ${testEnv('S3_ENDPOINT')} does not exist (HeadBucket: HTTP 404 NotFound)`],
    });
  }, 30_000);
});
