// Kafka side of the measurement: topics are created up front with one partition and
// message.timestamp.type=LogAppendTime, so each record's timestamp is the broker's clock when it
// became readable — the same clock for both sides, with no consumer lag in the figure.
process.env['KAFKAJS_NO_PARTITIONER_WARNING'] ??= '1';
import { Kafka, logLevel } from 'kafkajs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function kafkaClient(env) {
  return new Kafka({ clientId: 'tsconnect-bench-sbs', brokers: [env.KAFKA_BOOTSTRAP], logLevel: logLevel.NOTHING });
}

export async function createTopic(kafka, topic) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }] }],
    });
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopics(kafka, topics) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const del = topics.filter((t) => existing.has(t));
    if (del.length) await admin.deleteTopics({ topics: del, timeout: 30_000 });
  } catch {
    // best effort: a leftover topic only costs disk
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits until partition 0's end offset reaches `count` (cheap ListOffsets polls, every 50 ms).
 * `check()` runs every second (e.g. fail fast when the connector FAILED). Returns the end offset.
 */
export async function waitForEndOffset(kafka, topic, count, { timeoutMs, check } = {}) {
  const admin = kafka.admin();
  await admin.connect();
  const deadline = Date.now() + (timeoutMs ?? 300_000);
  let lastCheck = Date.now();
  let end = 0;
  try {
    while (Date.now() < deadline) {
      try {
        const offsets = await admin.fetchTopicOffsets(topic);
        end = offsets.reduce((s, p) => s + Number(p.high), 0);
      } catch {
        end = 0; // topic not there yet
      }
      if (end >= count) return end;
      if (check && Date.now() - lastCheck > 1000) {
        lastCheck = Date.now();
        await check();
      }
      await sleep(50);
    }
    return end;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads the first `count` records of a one-partition topic and calls onRecord(key, value,
 * timestampMs, offset) for each (key/value as Buffers). Returns the number read.
 */
export async function readRecords(kafka, topic, count, onRecord, timeoutMs = 120_000) {
  if (count === 0) return 0;
  const consumer = kafka.consumer({ groupId: `bench-verify-${topic}-${Date.now()}`, maxBytes: 64 * 1024 * 1024, maxBytesPerPartition: 32 * 1024 * 1024 });
  await consumer.connect();
  let read = 0;
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${read} of ${count} records from ${topic} in ${timeoutMs} ms`)), timeoutMs);
      consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) {
            if (read >= count) break;
            onRecord(m.key, m.value, Number(m.timestamp), Number(m.offset));
            read++;
          }
          if (read >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      }).catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return read;
}

/** Produces pre-serialised {key, value} messages in chunks (for the sink benchmark's input). */
export async function produceAll(kafka, topic, messages, chunk = 2000) {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += chunk) {
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + chunk) });
    }
  } finally {
    await producer.disconnect();
  }
}
