import { Partitioners, type Kafka, type Producer, type RecordMetadata as KafkaRecordMetadata, type TopicMessages, type Transaction } from 'kafkajs';
import type { RecordMetadata, SourceRecord } from '@tsconnect/sdk';
import type { Logger } from 'pino';
import type { ExactlyOnceTaskSettings } from './exactly-once-config.js';

/** A failure of the task's Kafka transaction (not of the connector): the task may restart from committed offsets. */
export class TransactionFailure extends Error {
  constructor(message: string, cause: unknown) {
    super(`${message}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'TransactionFailure';
  }
}

/** A newer instance with the same transactional.id took over: this one must stop, never retry. */
export class ProducerFencedError extends Error {
  constructor(transactionalId: string, cause: unknown) {
    super(`Producer with transactional.id ${transactionalId} was fenced by a newer instance of the task (zombie fencing): ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'ProducerFencedException';
  }
}

/** What a committed transaction held, for `commitRecord` after the commit. */
export interface CommittedRecord {
  readonly record: SourceRecord;
  readonly metadata: RecordMetadata | null;
}

/**
 * One source task's transactional producer (Kafka's ExactlyOnceWorkerSourceTask producer side).
 * `start` initializes the transactional id — the broker aborts whatever an earlier instance left
 * open and fences it (its next send/commit fails with INVALID_PRODUCER_EPOCH). Records and the
 * offsets of the records they came from are committed in one Kafka transaction; the records
 * whose offsets are in it are handed back only after the commit succeeded.
 */
export class SourceTransactions {
  private producer: Producer | null = null;
  private txn: Transaction | null = null;
  private records: CommittedRecord[] = [];
  private offsets = new Map<string, string | null>();
  private startedAt = Date.now();

  constructor(
    private readonly kafka: Kafka,
    readonly settings: ExactlyOnceTaskSettings,
    private readonly log: Logger,
  ) {}

  /** Creates the producer and opens the first transaction (InitProducerId: fences zombies). */
  async start(): Promise<void> {
    await this.close();
    const producer = this.kafka.producer({
      transactionalId: this.settings.transactionalId, idempotent: true, maxInFlightRequests: 1,
      allowAutoTopicCreation: true, createPartitioner: Partitioners.DefaultPartitioner, // offsets: murmur2 of the key, as Java
    });
    this.producer = producer;
    await this.guard('Could not initialize the transactional producer', async () => {
      await producer.connect();
      this.txn = await producer.transaction();
    });
    this.reset();
  }

  /** Records sent in the open transaction (dropped ones included). */
  get size(): number {
    return this.records.length;
  }

  get ageMs(): number {
    return Date.now() - this.startedAt;
  }

  async sendBatch(topicMessages: TopicMessages[]): Promise<KafkaRecordMetadata[]> {
    const txn = this.txn;
    if (!txn) throw new Error('No open transaction');
    return this.guard('Failed to send records in a transaction', () => txn.sendBatch({ acks: -1, topicMessages }));
  }

  /** Remembers a sent record and its source offset as part of the open transaction. */
  add(record: SourceRecord, metadata: RecordMetadata | null, offsetKey: string, offsetValue: string | null): void {
    this.records.push({ record, metadata });
    this.offsets.set(offsetKey, offsetValue);
  }

  /**
   * Writes the offsets to the offsets topic in the transaction, commits it, opens the next one
   * and returns the committed records (empty when there was nothing to commit).
   */
  async commit(): Promise<CommittedRecord[]> {
    if (this.records.length === 0) {
      this.startedAt = Date.now();
      return [];
    }
    const txn = this.txn!;
    const committed = this.records;
    await this.guard('Failed to commit a transaction', async () => {
      if (this.offsets.size > 0) {
        await txn.send({
          topic: this.settings.offsetTopic.topic, acks: -1,
          messages: [...this.offsets].map(([key, value]) => ({ key, value })),
        });
      }
      await txn.commit();
    });
    this.log.debug({ records: committed.length, offsets: this.offsets.size, transactionalId: this.settings.transactionalId }, 'Committed transaction');
    await this.begin();
    return committed;
  }

  /** Aborts the open transaction; its records are discarded (their offsets are never written). */
  async abort(): Promise<number> {
    const dropped = this.records.length;
    const txn = this.txn!;
    await this.guard('Failed to abort a transaction', () => txn.abort());
    await this.begin();
    return dropped;
  }

  private async begin(): Promise<void> {
    const producer = this.producer!;
    await this.guard('Failed to begin a transaction', async () => { this.txn = await producer.transaction(); });
    this.reset();
  }

  private reset(): void {
    this.records = [];
    this.offsets = new Map();
    this.startedAt = Date.now();
  }

  /** Kafka errors become ProducerFencedError (fatal) or TransactionFailure (restartable). */
  private async guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (isFenced(e)) throw new ProducerFencedError(this.settings.transactionalId, e);
      throw new TransactionFailure(`${what} (transactional.id ${this.settings.transactionalId})`, e);
    }
  }

  /** Closes the producer; an open transaction is left to the broker (the next instance aborts it). */
  async close(): Promise<void> {
    const p = this.producer;
    this.producer = null;
    this.txn = null;
    this.reset();
    await p?.disconnect().catch((e: unknown) => this.log.warn({ err: e }, 'Error closing the transactional producer'));
  }
}

const FENCED = new Set(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED']);

/** kafkajs reports a fence as a protocol error, possibly wrapped (retries, aggregate of brokers). */
export function isFenced(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 5) return false;
  const err = e as { type?: string; cause?: unknown; originalError?: unknown; errors?: unknown[] };
  if (err.type && FENCED.has(err.type)) return true;
  if (isFenced(err.cause, depth + 1) || isFenced(err.originalError, depth + 1)) return true;
  return Array.isArray(err.errors) && err.errors.some((x) => isFenced(x, depth + 1));
}
