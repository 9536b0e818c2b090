import { afterAll, describe, expect, it } from 'vitest';
import { testEnv } from '@tsconnect/test-support';
import { testKafka, uniqueName, type TestKafka } from './index.js';

let kafka: TestKafka;
afterAll(async () => {
  await kafka?.close();
});

describe('TestKafka on the real broker', () => {
  it('produces and reads back keys, values, headers and null exactly, in order', async () => {
    kafka = testKafka(testEnv('KAFKA_BOOTSTRAP'));
    const topic = uniqueName('kit_rt');
    await kafka.createTopic(topic);
    await kafka.produce(topic, [
      { key: 'k1', value: 'Grüße 😀', headers: { h: 'v1' }, timestamp: 1_700_000_000_000 },
      { key: null, value: null },
      { value: new Uint8Array([0x61, 0x62]) },
    ]);
    expect(await kafka.count(topic)).toBe(3);
    const records = await kafka.consume(topic, { count: 3, timeoutMs: 20_000 });
    expect(records.map(({ timestamp: _t, ...r }) => r)).toEqual([
      { topic, partition: 0, offset: 0, key: 'k1', value: 'Grüße 😀', headers: { h: 'v1' } },
      { topic, partition: 0, offset: 1, key: null, value: null, headers: {} },
      { topic, partition: 0, offset: 2, key: null, value: 'ab', headers: {} },
    ]);
    expect(records[0]!.timestamp).toBe(1_700_000_000_000);
    expect((await kafka.readAll(topic)).map((r) => r.offset)).toEqual([0, 1, 2]);
    expect((await kafka.awaitRecords(topic, { count: 2 })).length).toBe(3);
  });

  it('names the topic, the wanted count and what arrived when a wait times out', async () => {
    kafka ??= testKafka(testEnv('KAFKA_BOOTSTRAP'));
    const topic = uniqueName('kit_to');
    await kafka.createTopic(topic);
    await kafka.produce(topic, [{ value: 'only' }]);
    await expect(kafka.awaitRecords(topic, { count: 2, timeoutMs: 500 }))
      .rejects.toThrow(`Timed out after 500 ms waiting for 2 records in topic ${topic}; it holds 1`);
    await expect(kafka.consume(topic, { count: 2, timeoutMs: 3_000 }))
      .rejects.toThrow(`Timed out after 3000 ms waiting for 2 records in topic ${topic}; read 1: [{"key":null,"value":"only"}]`);
    expect(await kafka.count(uniqueName('kit_missing'))).toBe(0);
  });
});
