import { Partitioners, type Kafka, type Message, type Producer, type RecordMetadata as KafkaRecordMetadata } from 'kafkajs';
import type { RecordMetadata } from '@tsconnect/sdk';
import type { ConnectorTaskId } from '../herder/herder-types.js';
import type { SourceTransactions } from '../exactly-once/source-transactions.js';
import type { TopicAdmin } from './kafka-clients.js';
import type { Outgoing } from './source-record-converter.js';
import type { TaskStatusListener } from './worker-task.js';

export interface SourceProducerOptions {
  readonly id: ConnectorTaskId;
  readonly kafka: Kafka;
  readonly topicAdmin: TopicAdmin;
  readonly listener: TaskStatusListener;
}

/**
 * The Kafka side of a source task: topic creation, partition choice (Kafka's DefaultPartitioner)
 * and one produce request per chunk, either through the task's idempotent producer (acks=all,
 * one request in flight, so per-partition order holds) or, exactly-once, the transactions'
 * producer. Returns each record's RecordMetadata from the acks.
 */
export class SourceProducer {
  private producer: Producer | null = null;
  private txns: SourceTransactions | null = null;
  private readonly partitioner = Partitioners.DefaultPartitioner();
  private readonly usedTopics = new Set<string>();

  constructor(private readonly o: SourceProducerOptions) {}

  /** At-least-once: connects an idempotent producer. Exactly-once: sends through `txns`. */
  async start(txns: SourceTransactions | null): Promise<void> {
    this.txns = txns;
    if (txns) return;
    this.producer = this.o.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
    await this.producer.connect();
  }

  /** Creates missing topics and picks the partition of records that have none. */
  async route(chunk: readonly Outgoing[]): Promise<void> {
    const topics = [...new Set(chunk.filter((o) => o.message).map((o) => o.topic))];
    if (topics.length === 0) return;
    const metadata = await this.o.topicAdmin.ensureTopics(topics);
    for (const o of chunk) {
      if (!o.message || o.message.partition >= 0) continue;
      const partitionMetadata = metadata.get(o.topic)!.partitions;
      // One partition: nothing to choose (skips kafkajs's JS murmur2 of every key).
      if (partitionMetadata.length === 1) o.message.partition = 0;
      else {
        const { partition: _unset, ...message } = o.message;
        o.message.partition = this.partitioner({ topic: o.topic, partitionMetadata, message });
      }
    }
    for (const t of topics) {
      if (!this.usedTopics.has(t)) {
        this.usedTopics.add(t);
        this.o.listener.onTopicUsed(this.o.id, t);
      }
    }
  }

  /** Sends a routed chunk as one request; per record its metadata (null: dropped or skipped). */
  async send(chunk: readonly Outgoing[]): Promise<(RecordMetadata | null)[]> {
    const byTopic = new Map<string, Message[]>();
    for (const o of chunk) {
      if (!o.message) continue;
      const list = byTopic.get(o.topic) ?? [];
      list.push(o.message);
      byTopic.set(o.topic, list);
    }
    let acks: KafkaRecordMetadata[] = [];
    if (byTopic.size > 0) {
      const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
      acks = this.txns ? await this.txns.sendBatch(topicMessages) : await this.producer!.sendBatch({ acks: -1, topicMessages });
    }
    // Offsets of a partition's records are consecutive from the request's baseOffset, in send order.
    const next = new Map<string, bigint>();
    for (const a of acks) next.set(`${a.topicName}\u0000${a.partition}`, BigInt(a.baseOffset ?? a.offset ?? '0'));
    const logAppend = new Map(acks.map((a) => [`${a.topicName}\u0000${a.partition}`, Number(a.logAppendTime ?? -1)]));
    return chunk.map((o) => {
      if (!o.message) return null;
      const k = `${o.topic}\u0000${o.message.partition}`;
      const offset = next.get(k);
      if (offset === undefined) throw new Error(`Producer returned no metadata for ${o.topic}-${o.message.partition}`);
      next.set(k, offset + 1n);
      const appendTime = logAppend.get(k) ?? -1;
      return { topic: o.topic, partition: o.message.partition, offset: offset.toString(), timestamp: appendTime > 0 ? appendTime : Number(o.message.timestamp) };
    });
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
  }
}
