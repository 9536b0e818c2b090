import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { pino, type Logger } from 'pino';
import { testEnv } from '@tsconnect/test-support';
import { PluginRegistry } from '../plugins/plugin-registry.js';
import { startStandaloneWorker, type StandaloneWorker } from '../start-standalone-worker.js';
import { errorTestPlugins } from './error-test-plugins.js';
import { testPlugins } from './test-plugins.js';

/** A standalone worker on test-env's Kafka with the test plugins; extra worker props override. */
export async function startTestWorker(props: Record<string, string> = {}, logger?: Logger): Promise<StandaloneWorker> {
  return startStandaloneWorker({
    workerProps: {
      'bootstrap.servers': testEnv('KAFKA_BOOTSTRAP'), 'key.converter': 'test.StringConverter', 'value.converter': 'test.StringConverter',
      'rest.port': '0', 'rest.host.name': '127.0.0.1',
      'offset.storage.file.filename': join(await mkdtemp(join(tmpdir(), 'tsc-')), 'offsets.json'),
      'offset.flush.interval.ms': '100',
      ...props,
    },
    plugins: new PluginRegistry().register(...testPlugins, ...errorTestPlugins),
    logger: logger ?? pino({ level: process.env['LOG_LEVEL'] ?? 'silent' }),
  });
}

export function testKafka(): Kafka {
  return new Kafka({ clientId: 'tsc-test', brokers: [testEnv('KAFKA_BOOTSTRAP')], logLevel: logLevel.NOTHING });
}

export async function createTopic(kafka: Kafka, topic: string, partitions = 1): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }] });
  } finally {
    await admin.disconnect();
  }
}

export async function produce(kafka: Kafka, topic: string, messages: { key?: string; value: string; headers?: IHeaders }[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: messages.map((m) => ({ key: m.key ?? null, value: m.value, partition: 0, ...(m.headers ? { headers: m.headers } : {}) })) });
  } finally {
    await producer.disconnect();
  }
}

export interface ReadMessage { key: string | null; value: string | null; offset: string; headers: Record<string, string | string[]> }

/** Reads `count` messages of a topic from the beginning (fails after 20 s). */
export async function consumeAll(kafka: Kafka, topic: string, count: number): Promise<ReadMessage[]> {
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Date.now()}`, maxWaitTimeInMs: 200 });
  const out: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${out.length} of ${count} messages in ${topic}`)), 20_000);
      void consumer.run({ eachMessage: async ({ message }) => {
        const headers: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) {
          headers[k] = Array.isArray(v) ? v.map((x) => x.toString()) : String(v);
        }
        out.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, offset: message.offset, headers });
        if (out.length >= count) { clearTimeout(timer); resolve(); }
      } });
    });
  } finally {
    await consumer.disconnect();
  }
  return out;
}

/** GET a REST path as JSON (or text for /metrics). */
export async function rest(w: StandaloneWorker, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(w.restUrl + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  return { status: res.status, body: text === '' ? null : isJson ? JSON.parse(text) : text };
}

/** The value of one Prometheus series in a scrape, e.g. `name{connector="x",task="0"}`. */
export function metricValue(scrape: string, series: string): number | undefined {
  for (const line of scrape.split('\n')) {
    if (line.startsWith(series + ' ')) return Number(line.slice(series.length + 1));
  }
  return undefined;
}
