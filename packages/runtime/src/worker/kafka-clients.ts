// We pick partitions ourselves with DefaultPartitioner: kafkajs's notice about its v2 default is moot.
process.env['KAFKAJS_NO_PARTITIONER_WARNING'] ??= '1';
import { Kafka, logLevel as KafkaLogLevel, type Admin, type ITopicMetadata, type LogEntry } from 'kafkajs';
import type { Logger } from 'pino';
import type { WorkerConfig } from '../config/worker-config.js';

/** One kafkajs client for the worker, logging through the worker's pino logger. */
export function createKafka(config: WorkerConfig, logger: Logger): Kafka {
  const log = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: config.clientId,
    brokers: [...config.bootstrapServers],
    logLevel: KafkaLogLevel.INFO,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...extra } = entry.log;
      const fields = { ns: entry.namespace, ...extra };
      switch (entry.level) {
        // Connection-level errors are protocol answers kafkajs retries (e.g. a topic being created).
        case KafkaLogLevel.ERROR: if (entry.namespace === 'Connection') log.debug(fields, message); else log.error(fields, message); break;
        case KafkaLogLevel.WARN: log.warn(fields, message); break;
        // kafkajs INFO is chatty (every join/leave): debug for us.
        default: log.debug(fields, message);
      }
    },
  });
}

/**
 * Creates missing topics before a source task's first send to them, and caches partition
 * metadata so the runtime can pick partitions itself (it needs to know where each record went).
 */
export class TopicAdmin {
  private readonly known = new Map<string, ITopicMetadata>();
  private admin: Admin | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly creation: { enabled: boolean; partitions: number; replicationFactor: number },
  ) {}

  private async client(): Promise<Admin> {
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    return this.admin;
  }

  /** Partition metadata for each topic, creating missing ones when topic creation is on. */
  async ensureTopics(topics: readonly string[]): Promise<Map<string, ITopicMetadata>> {
    const missing = topics.filter((t) => !this.known.has(t));
    if (missing.length > 0) {
      const admin = await this.client();
      const existing = new Set(await admin.listTopics());
      const toCreate = missing.filter((t) => !existing.has(t));
      if (toCreate.length > 0 && this.creation.enabled) {
        try {
          await admin.createTopics({
            waitForLeaders: true,
            topics: toCreate.map((topic) => ({
              topic,
              numPartitions: this.creation.partitions,
              replicationFactor: this.creation.replicationFactor,
            })),
          });
        } catch (e) {
          // Someone else (a consumer's metadata request, another task) created it first: fine.
          const errors = (e as { errors?: { type?: string }[] }).errors;
          if (!errors || !errors.every((err) => err.type === 'TOPIC_ALREADY_EXISTS')) throw e;
        }
      }
      // Metadata can lag creation by a moment; fetchTopicMetadata retries until leaders exist.
      const { topics: metas } = await admin.fetchTopicMetadata({ topics: missing });
      for (const m of metas) if (m.partitions.length > 0) this.known.set(m.name, m);
    }
    const out = new Map<string, ITopicMetadata>();
    for (const t of topics) {
      const m = this.known.get(t);
      if (!m) throw new Error(`Topic ${t} does not exist and topic.creation.enable is false`);
      out.set(t, m);
    }
    return out;
  }

  async close(): Promise<void> {
    await this.admin?.disconnect();
    this.admin = null;
  }
}
