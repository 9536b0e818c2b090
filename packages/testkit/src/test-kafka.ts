import { Kafka, logLevel, type Admin, type IHeaders, type KafkaMessage } from 'kafkajs';
import { uniqueName } from './unique-name.js';

/** A record to write with `produce`; strings are sent as UTF-8. */
export interface ProduceRecord {
  readonly key?: string | Uint8Array | null;
  readonly value: string | Uint8Array | null;
  readonly headers?: Readonly<Record<string, string>>;
  readonly partition?: number;
  /** Milliseconds since the epoch; default: now. */
  readonly timestamp?: number;
}

/** A record read back from Kafka, key/value/headers decoded as UTF-8 (null stays null). */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

export interface ConsumeOptions {
  /** Return once this many records were read (from the beginning of the topic). */
  readonly count: number;
  /** Fail after this long, naming what was read so far. Default 30 s. */
  readonly timeoutMs?: number;
}

/**
 * Kafka helpers for tests, on a real broker (kafkajs). Every read starts at the beginning of the
 * topic with a fresh consumer group and commits nothing, so reads never disturb each other.
 * Records come back ordered by partition, then offset.
 */
export class TestKafka {
  readonly kafka: Kafka;
  private admin: Admin | null = null;
  private producerPromise: ReturnType<TestKafka['connectProducer']> | null = null;

  constructor(readonly bootstrapServers: string) {
    this.kafka = new Kafka({
      clientId: 'tsconnect-testkit',
      brokers: bootstrapServers.split(',').map((s) => s.trim()).filter((s) => s !== ''),
      // Failures surface as rejected promises; kafkajs's own retry chatter only hides them.
      logLevel: logLevel.NOTHING,
    });
  }

  private async adminClient(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  private async connectProducer() {
    const producer = this.kafka.producer({ allowAutoTopicCreation: true, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    return producer;
  }

  /** Creates `topic` (1 partition by default); an existing topic is left as it is. */
  async createTopic(topic: string, { partitions = 1 }: { partitions?: number } = {}): Promise<void> {
    const admin = await this.adminClient();
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true });
  }

  /** Writes `records` to `topic` in one acknowledged batch (acks=all), in order. */
  async produce(topic: string, records: readonly ProduceRecord[]): Promise<void> {
    if (records.length === 0) return;
    this.producerPromise ??= this.connectProducer();
    const producer = await this.producerPromise;
    await producer.send({
      topic,
      acks: -1,
      messages: records.map((r) => ({
        key: toBuffer(r.key ?? null),
        value: toBuffer(r.value),
        ...(r.headers ? { headers: { ...r.headers } } : {}),
        ...(r.partition !== undefined ? { partition: r.partition } : {}),
        timestamp: String(r.timestamp ?? Date.now()),
      })),
    });
  }

  /** How many records `topic` holds (sum of high minus low watermarks); 0 when it does not exist. */
  async count(topic: string): Promise<number> {
    const admin = await this.adminClient();
    if (!(await admin.listTopics()).includes(topic)) return 0;
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, p) => n + (Number(p.high) - Number(p.low)), 0);
  }

  /** The first `count` records of `topic`; throws after `timeoutMs` listing what arrived. */
  async consume(topic: string, { count, timeoutMs = 30_000 }: ConsumeOptions): Promise<ConsumedRecord[]> {
    if (count <= 0) return [];
    return this.read(topic, (n) => n >= count, timeoutMs, `${count} records`).then((r) => r.slice(0, count));
  }

  /** Every record `topic` holds right now (up to the current high watermarks). */
  async readAll(topic: string, { timeoutMs = 30_000 }: { timeoutMs?: number } = {}): Promise<ConsumedRecord[]> {
    const total = await this.count(topic);
    if (total === 0) return [];
    return this.read(topic, (n) => n >= total, timeoutMs, `all ${total} records`);
  }

  /**
   * Waits until `topic` holds at least `count` records, then returns all it holds (which may be
   * more). Polls the watermarks, so waiting is cheap; the records are read once at the end.
   */
  async awaitRecords(topic: string, { count, timeoutMs = 30_000 }: ConsumeOptions): Promise<ConsumedRecord[]> {
    const deadline = Date.now() + timeoutMs;
    let seen = 0;
    while ((seen = await this.count(topic)) < count) {
      if (Date.now() > deadline) {
        throw new Error(`Timed out after ${timeoutMs} ms waiting for ${count} records in topic ${topic}; it holds ${seen}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return this.readAll(topic, { timeoutMs: Math.max(5_000, deadline - Date.now()) });
  }

  /**
   * Waits until `topic` exists with leaders for its partitions: a connector may create it only
   * after the test starts reading, and kafkajs's subscribe fails at once on an unknown topic.
   */
  private async awaitTopic(topic: string, deadline: number): Promise<void> {
    const admin = await this.adminClient();
    for (;;) {
      try {
        // listTopics first: a metadata request for a missing topic could auto-create it.
        if ((await admin.listTopics()).includes(topic)) {
          const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
          if (topics[0]?.partitions.every((p) => p.leader >= 0)) return;
        }
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`Topic ${topic} did not appear in time: ${(e as Error).message}`);
      }
      if (Date.now() > deadline) throw new Error(`Topic ${topic} has partitions without a leader`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private async read(topic: string, done: (n: number) => boolean, timeoutMs: number, what: string): Promise<ConsumedRecord[]> {
    await this.awaitTopic(topic, Date.now() + timeoutMs);
    const consumer = this.kafka.consumer({ groupId: uniqueName('testkit_read'), maxWaitTimeInMs: 200, allowAutoTopicCreation: false });
    const records: ConsumedRecord[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(
          `Timed out after ${timeoutMs} ms waiting for ${what} in topic ${topic}; read ${records.length}: ` +
            JSON.stringify(records.slice(0, 20).map((r) => ({ key: r.key, value: r.value })))),
        ), timeoutMs);
        consumer.run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            records.push(decode(topic, partition, message));
            if (done(records.length)) {
              clearTimeout(timer);
              resolve();
            }
          },
        }).catch((e: unknown) => {
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        });
      });
    } finally {
      await consumer.disconnect();
    }
    return records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
  }

  async close(): Promise<void> {
    const producer = this.producerPromise;
    this.producerPromise = null;
    if (producer) await (await producer).disconnect();
    const admin = this.admin;
    this.admin = null;
    await admin?.disconnect();
  }
}

/** Kafka helpers bound to one cluster; `close()` them when done. */
export function testKafka(bootstrapServers: string): TestKafka {
  return new TestKafka(bootstrapServers);
}

function toBuffer(v: string | Uint8Array | null): Buffer | null {
  if (v === null) return null;
  return typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

function decode(topic: string, partition: number, m: KafkaMessage): ConsumedRecord {
  return {
    topic,
    partition,
    offset: Number(m.offset),
    timestamp: Number(m.timestamp),
    key: m.key === null ? null : m.key.toString('utf8'),
    value: m.value === null ? null : m.value.toString('utf8'),
    headers: decodeHeaders(m.headers),
  };
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    // A repeated header keeps its last value, as Kafka's Headers.lastHeader.
    const last = Array.isArray(v) ? v[v.length - 1] : v;
    if (last !== undefined) out[k] = Buffer.isBuffer(last) ? last.toString('utf8') : String(last);
  }
  return out;
}
