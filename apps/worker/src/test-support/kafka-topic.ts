import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { testEnv, uniqueName, waitFor } from '@tsconnect/test-support';

/**
 * Every message of `topic` from the beginning, once at least `count` arrived, plus a second's
 * grace so that anything beyond them (a duplicate) shows up too. Waits for a topic that the
 * connector has yet to create (kafkajs refuses to subscribe to an unknown one).
 */
export async function consumeAll(topic: string, count: number): Promise<KafkaMessage[]> {
  const kafka = new Kafka({ brokers: [testEnv('KAFKA_BOOTSTRAP')], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor(`topic ${topic}`, async () => ((await admin.listTopics()).includes(topic) ? true : undefined));
  } finally {
    await admin.disconnect();
  }
  const consumer = kafka.consumer({ groupId: uniqueName('check') });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
    await waitFor(`${count} messages on ${topic}`, () => (messages.length >= count ? true : undefined), { timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 1000));
    return messages;
  } finally {
    await consumer.disconnect();
  }
}
