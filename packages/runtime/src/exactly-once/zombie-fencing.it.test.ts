import { pino } from 'pino';
import { sourceRecord } from '@tsconnect/sdk';
import { describe, expect, it } from 'vitest';
import { uniqueName } from '@tsconnect/test-support';
import { createTopic, testKafka } from '../test-support/worker-harness.js';
import { ProducerFencedError, SourceTransactions } from './source-transactions.js';

const log = pino({ level: 'silent' });

describe('zombie fencing (kafkajs transactions on Kafka 4)', () => {
  it('a new instance with the same transactional.id fences the old one; only its commit is visible', async () => {
    const kafka = testKafka();
    const topic = uniqueName('fence');
    const offsets = `${topic}-offsets`;
    await createTopic(kafka, topic);
    await createTopic(kafka, offsets);
    const settings = { transactionalId: `g-${topic}-0`, boundary: 'poll' as const, intervalMs: 1000, offsetTopic: { topic: offsets, partitions: 1, replicationFactor: 1 } };
    const record = (n: number) => sourceRecord({ topic, sourcePartition: { p: 0 }, sourceOffset: { n }, value: String(n) });
    const zombie = new SourceTransactions(kafka, settings, log);
    await zombie.start();
    await zombie.sendBatch([{ topic, messages: [{ value: 'zombie', partition: 0 }] }]);
    zombie.add(record(1), null, 'k', '{"n":1}');

    const successor = new SourceTransactions(kafka, settings, log);
    await successor.start(); // InitProducerId: bumps the epoch, aborts the zombie's open transaction
    await successor.sendBatch([{ topic, messages: [{ value: 'successor', partition: 0 }] }]);
    successor.add(record(2), null, 'k', '{"n":2}');

    const err = await zombie.commit().then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ProducerFencedError);
    expect((err as Error).message).toContain(`transactional.id g-${topic}-0 was fenced`);
    expect(((err as Error).cause as { type?: string }).type).toBe('INVALID_PRODUCER_EPOCH');
    expect((await successor.commit()).map((c) => c.record.value)).toEqual(['2']);
    await zombie.close();
    await successor.close();

    const seen: string[] = [];
    const consumer = kafka.consumer({ groupId: uniqueName('fence-reader'), maxWaitTimeInMs: 100 }); // read_committed
    await consumer.connect();
    await consumer.subscribe({ topics: [topic, offsets], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ topic: t, message }) => { seen.push(`${t === topic ? 'data' : 'offsets'}:${message.value?.toString()}`); } });
    const deadline = Date.now() + 15_000;
    while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    await consumer.disconnect();
    expect(seen.sort()).toEqual(['data:successor', 'offsets:{"n":2}']);
  }, 60_000);
});
