import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { KafkaBasedLog } from './kafka-based-log.js';
import type { OffsetBackingStore } from './offset-backing-store.js';

export interface KafkaTopicSettings {
  readonly topic: string;
  readonly partitions: number;
  readonly replicationFactor: number;
}

/**
 * Source offsets in `offset.storage.topic` (Kafka's KafkaOffsetBackingStore): key
 * `["<connector>",{partition}]`, value the offset JSON, null = tombstone. Reads first catch up
 * with the topic, so a task that moved here sees what its previous worker wrote.
 */
export class KafkaOffsetBackingStore implements OffsetBackingStore {
  private readonly data = new Map<string, string>();
  private readonly log: KafkaBasedLog;

  constructor(kafka: Kafka, readonly settings: KafkaTopicSettings, logger: Logger) {
    this.log = new KafkaBasedLog({
      kafka, ...settings, topicConfigKey: 'offset.storage.topic', log: logger,
      onRecord: (r) => {
        if (r.key === null) return;
        if (r.value === null) this.data.delete(r.key);
        else this.data.set(r.key, r.value);
      },
    });
  }

  start(): Promise<void> {
    return this.log.start();
  }

  stop(): Promise<void> {
    return this.log.stop();
  }

  async get(keys: readonly string[]): Promise<Map<string, string>> {
    await this.log.readToEnd();
    const out = new Map<string, string>();
    for (const k of keys) {
      const v = this.data.get(k);
      if (v !== undefined) out.set(k, v);
    }
    return out;
  }

  async set(entries: ReadonlyMap<string, string | null>): Promise<void> {
    await this.log.send([...entries].map(([key, value]) => ({ key, value })));
  }

  async entries(): Promise<Map<string, string>> {
    await this.log.readToEnd();
    return new Map(this.data);
  }
}
