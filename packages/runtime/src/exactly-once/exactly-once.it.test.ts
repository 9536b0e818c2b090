import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, uniqueName, waitFor } from '@tsconnect/test-support';
import { sortAbortedTransactionsInKafkajs } from '../storage/kafkajs-aborted-transactions.js';
import { bundleMain, spawnWorker, type ChildWorker } from '../test-support/child-worker.js';

// This process's kafkajs readers must be read_committed for real (see kafkajs-aborted-transactions.ts).
sortAbortedTransactionsInKafkajs();

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, '../..');
const logDir = join(tmpdir(), uniqueName('tsconnect-eos'));
const kafka = () => new Kafka({ brokers: [testEnv('KAFKA_BOOTSTRAP')], logLevel: logLevel.NOTHING });
let bundle = '';
const children: ChildWorker[] = [];

beforeAll(async () => {
  mkdirSync(logDir, { recursive: true });
  bundle = await bundleMain(pkgDir, join(here, '../test-support/standalone-worker-main.ts'), 'standalone-main');
});

afterAll(async () => {
  for (const c of children) await c.kill9();
});

interface Seen { partition: number; value: string; key: string | null }

/** A read_committed (kafkajs' default isolation, patched above) reader of whole topics, from the beginning. */
async function readCommitted(topics: string[]): Promise<{ seen: Map<string, Seen[]>; consumer: Consumer }> {
  const seen = new Map<string, Seen[]>(topics.map((t) => [t, []]));
  const consumer = kafka().consumer({ groupId: uniqueName('eos-reader'), maxWaitTimeInMs: 100, maxBytesPerPartition: 64 << 20, maxBytes: 256 << 20 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      seen.get(topic)!.push({ partition, key: message.key?.toString() ?? null, value: message.value?.toString() ?? '' });
    },
  });
  return { seen, consumer };
}

/** Committed records of the data topic so far (progress only; see readCommitted for the final check). */
async function committedCount(topic: string): Promise<number> {
  const admin = kafka().admin();
  await admin.connect();
  try {
    // ListOffsets READ_COMMITTED (kafkajs' default) = last stable offsets; includes markers, so only a progress signal.
    return (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

async function createTopics(topics: { topic: string; numPartitions: number; compact?: boolean }[]): Promise<void> {
  const admin = kafka().admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((t) => ({ topic: t.topic, numPartitions: t.numPartitions, replicationFactor: 1,
        ...(t.compact ? { configEntries: [{ name: 'cleanup.policy', value: 'compact' }] } : {}) })),
    });
  } finally {
    await admin.disconnect();
  }
}

/** Every task's sequence exactly once, and in increasing order within each Kafka partition. */
function checkSequences(records: readonly Seen[], tasks: number, count: number): void {
  const perTask = Array.from({ length: tasks }, () => new Map<number, number>());
  const lastInPartition = new Map<string, number>();
  for (const r of records) {
    const [t, n] = r.value.split(':').map(Number) as [number, number];
    perTask[t]!.set(n, (perTask[t]!.get(n) ?? 0) + 1);
    const k = `${r.partition}/${t}`;
    const last = lastInPartition.get(k) ?? -1;
    if (n <= last) throw new Error(`out of order in partition ${r.partition}: task ${t} seq ${n} after ${last}`);
    lastInPartition.set(k, n);
  }
  for (let t = 0; t < tasks; t++) {
    const dups = [...perTask[t]!].filter(([, c]) => c > 1).map(([n]) => n);
    expect(dups, `task ${t} duplicates`).toEqual([]);
    expect(perTask[t]!.size, `task ${t} distinct`).toBe(count);
    expect(Math.min(...perTask[t]!.keys())).toBe(0);
    expect(Math.max(...perTask[t]!.keys())).toBe(count - 1);
  }
  expect(records.length).toBe(tasks * count);
}

/** Last committed value per key of the offsets topic (read_committed). */
function lastOffsets(records: readonly Seen[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const r of records) if (r.key !== null) out[r.key] = r.value === '' ? null : r.value;
  return out;
}

describe('exactly-once source (KIP-618) with kill -9 of the worker', () => {
  for (const boundary of ['poll', 'interval'] as const) {
    it(`transaction.boundary=${boundary}: every sequence number exactly once, in order per partition; offsets topic matches`, async () => {
      const name = uniqueName(`eos-${boundary}`);
      const topic = `${name}-data`;
      const offsetsTopic = `${name}-offsets`;
      const TASKS = 2;
      // Enough that four kill rounds end mid-run even when the worker is fast: the high watermarks
      // checked below also count aborted records and transaction markers.
      const COUNT = 50_000;
      await createTopics([{ topic, numPartitions: 3 }, { topic: offsetsTopic, numPartitions: 5, compact: true }]);
      const workerProps = {
        'bootstrap.servers': testEnv('KAFKA_BOOTSTRAP'), 'key.converter': 'test.StringConverter', 'value.converter': 'test.StringConverter',
        'rest.port': '0', 'rest.host.name': '127.0.0.1',
        'offset.storage.file.filename': join(logDir, `${name}.offsets.json`),
        'exactly.once.source.support': 'enabled', 'group.id': name,
        'offset.storage.topic': offsetsTopic, 'offset.storage.replication.factor': '1',
      };
      const connector = {
        name, 'connector.class': 'test.SequenceSourceConnector', topic, 'tasks.max': String(TASKS),
        'count.max': String(COUNT), 'batch.size': '40', 'poll.delay.ms': '3',
        'exactly.once.support': 'required', 'transaction.boundary': boundary,
        ...(boundary === 'interval' ? { 'transaction.boundary.interval.ms': '150' } : {}),
      };
      const kills: number[] = [];
      let reader: Awaited<ReturnType<typeof readCommitted>> | null = null;
      try {
        for (let round = 0; round < 4; round++) {
          const w = await spawnWorker(bundle, [JSON.stringify(workerProps), JSON.stringify([connector])], pkgDir, join(logDir, `${name}.log`));
          children.push(w);
          // Kill it while it writes: after new committed records appear, at a random moment.
          const before = await committedCount(topic);
          await waitFor('progress', async () => ((await committedCount(topic)) > before + 1000 ? true : undefined), { timeoutMs: 60_000 });
          await new Promise((r) => setTimeout(r, 100 + Math.floor(Math.random() * 600)));
          await w.kill9();
          kills.push(await committedCount(topic));
        }
        expect(kills[kills.length - 1]).toBeLessThan(TASKS * COUNT); // the kills happened mid-run
        const last = await spawnWorker(bundle, [JSON.stringify(workerProps), JSON.stringify([connector])], pkgDir, join(logDir, `${name}.log`));
        children.push(last);
        // Done when both tasks committed their last offset (read back through the offsets topic).
        const done = JSON.stringify({ seq: COUNT - 1 });
        await waitFor('last offsets committed', async () => {
          const r = await readCommitted([offsetsTopic]);
          await waitFor('offsets read', () => (r.seen.get(offsetsTopic)!.length > 0 ? true : undefined));
          await new Promise((res) => setTimeout(res, 500));
          await r.consumer.disconnect();
          const o = lastOffsets(r.seen.get(offsetsTopic)!);
          return Object.values(o).filter((v) => v === done).length === TASKS ? true : undefined;
        }, { timeoutMs: 180_000, intervalMs: 1000 });
        expect(await last.stop()).toBe(0);
        reader = await readCommitted([topic, offsetsTopic]);
        const r = reader;
        await waitFor(`all ${TASKS * COUNT} records`, () => (r.seen.get(topic)!.length >= TASKS * COUNT ? true : undefined), { timeoutMs: 60_000 });
        await new Promise((res) => setTimeout(res, 1000)); // duplicates, if any, would arrive now
        checkSequences(r.seen.get(topic)!, TASKS, COUNT);
        const offsets = lastOffsets(r.seen.get(offsetsTopic)!);
        expect(offsets).toEqual(Object.fromEntries(Array.from({ length: TASKS }, (_, t) =>
          [JSON.stringify([name, { task: t }]), JSON.stringify({ seq: COUNT - 1 })])));
      } finally {
        await reader?.consumer.disconnect();
      }
    }, 240_000);
  }
});
