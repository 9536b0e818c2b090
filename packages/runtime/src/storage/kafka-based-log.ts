import { randomUUID } from 'node:crypto';
import { Partitioners, type Admin, type Consumer, type Kafka, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { sortAbortedTransactionsInKafkajs } from './kafkajs-aborted-transactions.js';

// Internal topics hold transactional writes (exactly-once source offsets): read them correctly.
sortAbortedTransactionsInKafkajs();

/** One record of a log topic as the stores see it (key and value as UTF-8 text; null value = tombstone). */
export interface LogRecord {
  readonly key: string | null;
  readonly value: string | null;
  readonly partition: number;
  readonly offset: bigint;
}

export interface KafkaBasedLogOptions {
  readonly kafka: Kafka;
  readonly topic: string;
  /** Used when the topic is created (`*.storage.partitions`). */
  readonly partitions: number;
  /** Used when the topic is created (`*.storage.replication.factor`); -1 = the broker's `default.replication.factor`. */
  readonly replicationFactor: number;
  /** The worker config key naming the topic, for error messages. */
  readonly topicConfigKey: string;
  /** Called in log order, per partition, for every record read (including our own writes). */
  readonly onRecord: (record: LogRecord) => void;
  readonly log: Logger;
}

/**
 * A compacted topic read from the beginning and followed (Kafka's KafkaBasedLog). `start`
 * creates the topic (`cleanup.policy=compact`) when missing and returns once everything up to
 * the high-water mark has been read. kafkajs has no group-less consumer, so the reader is the
 * only member of a throwaway group that never commits offsets: it always starts at the beginning.
 */
export class KafkaBasedLog {
  private producer: Producer | null = null;
  private consumer: Consumer | null = null;
  private admin: Admin | null = null;
  /** partition → next offset to read */
  private readonly positions = new Map<number, bigint>();
  private waiters: { target: Map<number, bigint>; resolve: () => void; reject: (e: Error) => void }[] = [];
  private failure: Error | null = null;

  constructor(private readonly o: KafkaBasedLogOptions) {}

  get topic(): string {
    return this.o.topic;
  }

  async start(): Promise<void> {
    this.admin = this.o.kafka.admin();
    await this.admin.connect();
    await this.ensureTopic();
    this.producer = this.o.kafka.producer({
      idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner, // murmur2 of the key, as Java's
    });
    await this.producer.connect();
    this.consumer = this.o.kafka.consumer({
      groupId: `tsconnect-log-${this.o.topic}-${randomUUID()}`,
      allowAutoTopicCreation: false, maxWaitTimeInMs: 100,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.o.topic], fromBeginning: true });
    this.consumer.on(this.consumer.events.CRASH, (e) => {
      const err = (e.payload as { error: Error }).error;
      this.o.log.error({ err, topic: this.o.topic }, 'Reader of an internal topic crashed');
      if (!(e.payload as { restart: boolean }).restart) this.fail(err);
    });
    // kafkajs skips eachBatch for a fetch holding only control records or aborted transactional
    // records (exactly-once source offsets): still move past them, or readToEnd would never return.
    this.consumer.on(this.consumer.events.END_BATCH_PROCESS, (e) => {
      const p = e.payload as { topic: string; partition: number; lastOffset: string; batchSize: number };
      if (p.topic !== this.o.topic || p.batchSize !== 0) return;
      const next = BigInt(p.lastOffset) + 1n;
      if (next > (this.positions.get(p.partition) ?? 0n)) this.positions.set(p.partition, next);
      this.checkWaiters();
    });
    await this.consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          const offset = BigInt(m.offset);
          try {
            this.o.onRecord({ key: m.key?.toString('utf8') ?? null, value: m.value?.toString('utf8') ?? null, partition: batch.partition, offset });
          } catch (e) {
            this.o.log.error({ err: e, topic: this.o.topic, offset: m.offset }, 'Ignoring a record that could not be applied');
          }
        }
        // lastOffset() also covers control records that never reach us.
        const next = BigInt(batch.lastOffset()) + 1n;
        if (next > (this.positions.get(batch.partition) ?? 0n)) this.positions.set(batch.partition, next);
        this.checkWaiters();
      },
    });
    await this.readToEnd();
  }

  /** Resolves once every record written before the call has been read (and applied). */
  async readToEnd(): Promise<void> {
    const offsets = await this.fetchTopicOffsets();
    const target = new Map<number, bigint>();
    for (const p of offsets) {
      const high = BigInt(p.high);
      if (high > BigInt(p.low)) target.set(p.partition, high);
    }
    await this.waitFor(target);
  }

  /** Right after the topic is created (or a leader moves) ListOffsets may answer NOT_LEADER: retry those. */
  private async fetchTopicOffsets(): Promise<{ partition: number; high: string; low: string }[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.admin!.fetchTopicOffsets(this.o.topic);
      } catch (e) {
        if (!(e as { retriable?: boolean }).retriable || attempt >= 20) throw e;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  }

  /** Writes the records in order and resolves once they are acknowledged and read back. */
  async send(records: readonly { key: string; value: string | null }[]): Promise<void> {
    if (records.length === 0) return;
    if (this.failure) throw this.failure;
    await this.producer!.send({
      topic: this.o.topic, acks: -1,
      messages: records.map((r) => ({ key: r.key, value: r.value })),
    });
    // As Kafka's stores: after the ack, read to the end so the write is visible locally.
    await this.readToEnd();
  }

  private waitFor(target: Map<number, bigint>): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.reached(target)) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ target, resolve, reject }));
  }

  private reached(target: Map<number, bigint>): boolean {
    for (const [p, off] of target) if ((this.positions.get(p) ?? 0n) < off) return false;
    return true;
  }

  private checkWaiters(): void {
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (this.reached(w.target)) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  private fail(e: Error): void {
    this.failure = e;
    for (const w of this.waiters.splice(0)) w.reject(e);
  }

  async stop(): Promise<void> {
    this.fail(new Error(`The log of topic ${this.o.topic} is stopped`));
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    this.consumer = this.producer = this.admin = null;
  }

  private async ensureTopic(): Promise<void> {
    const admin = this.admin!;
    if ((await admin.listTopics()).includes(this.o.topic)) return;
    let replicationFactor = this.o.replicationFactor;
    if (replicationFactor === -1) replicationFactor = await brokerDefaultReplicationFactor(admin);
    try {
      const created = await admin.createTopics({
        waitForLeaders: true,
        topics: [{
          topic: this.o.topic, numPartitions: this.o.partitions, replicationFactor,
          configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
        }],
      });
      // kafkajs answers false (no error) when another worker created it first.
      if (created) this.o.log.info({ topic: this.o.topic, partitions: this.o.partitions, replicationFactor }, 'Created internal topic');
    } catch (e) {
      const errors = (e as { errors?: { type?: string }[] }).errors;
      if (errors?.every((err) => err.type === 'TOPIC_ALREADY_EXISTS')) return; // another worker won the race
      throw new Error(`Unable to create topic ${this.o.topic} (${this.o.topicConfigKey}) with replication factor ${replicationFactor}: ${(e as Error).message}`, { cause: e });
    }
  }
}

/** kafkajs speaks CreateTopics < v4, which cannot ask for "the broker default": look it up. */
async function brokerDefaultReplicationFactor(admin: Admin): Promise<number> {
  const { brokers } = await admin.describeCluster();
  const res = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: 4 /* BROKER */, name: String(brokers[0]!.nodeId), configNames: ['default.replication.factor'] }],
  });
  const v = res.resources[0]?.configEntries.find((c) => c.configName === 'default.replication.factor')?.configValue;
  return v ? Number(v) : 1;
}
