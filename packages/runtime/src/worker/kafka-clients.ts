// We pick partitions ourselves with DefaultPartitioner: kafkajs's notice about its v2 default is moot.
process.env['KAFKAJS_NO_PARTITIONER_WARNING'] ??= '1';
import kafkajs, {
  Kafka, logLevel as KafkaLogLevel, type Admin, type AdminConfig, type Consumer, type ConsumerConfig,
  type ITopicMetadata, type KafkaConfig, type LogEntry, type Producer, type ProducerConfig, type ProducerRecord, type ProducerBatch,
} from 'kafkajs';
import type { Logger } from 'pino';
import { checkOverrides, roleClientProps, workerClientProps, type ClientRole } from '../config/client-overrides.js';
import type { ClientProps, ClientSecurityInfo } from '../config/kafka-client-config.js';
import { kafkajsOptions, type KafkajsOptions, type SendDefaults } from '../config/kafkajs-options.js';
import type { WorkerConfig } from '../config/worker-config.js';
import { installKafkajsCrc32c } from './crc32c.js';
import { installKafkajsFastEncoder } from './kafkajs-encoder.js';
import { installKafkajsFastProduce } from './kafkajs-produce-request.js';

// kafkajs checksums every produced record batch with a byte-at-a-time JS CRC-32C loop (the
// hottest function of a busy source task); swap in our slicing-by-8 one before its record batch
// encoder loads (it does so lazily, on the first produce request). Its Encoder zero-fills every
// buffer it grows and allocates for each varint, and a produce request copies each record through
// six encoders: both replaced (kafkajs-encoder.ts, kafkajs-produce-request.ts). Same bytes on the wire.
installKafkajsCrc32c();
installKafkajsFastEncoder();
installKafkajsFastProduce();

function logCreator(logger: Logger): KafkaConfig['logCreator'] {
  const log = logger.child({ component: 'kafkajs' });
  return () => (entry: LogEntry) => {
    const { message, ...extra } = entry.log;
    const fields = { ns: entry.namespace, ...extra };
    switch (entry.level) {
      // Connection-level errors are protocol answers kafkajs retries (e.g. a topic being created).
      case KafkaLogLevel.ERROR: if (entry.namespace === 'Connection') log.debug(fields, message); else log.error(fields, message); break;
      case KafkaLogLevel.WARN: log.warn(fields, message); break;
      // kafkajs INFO is chatty (every join/leave): debug for us.
      default: log.debug(fields, message);
    }
  };
}

/**
 * One kafkajs client for the worker's own use (internal topics, group membership, offsets
 * REST), configured from the top-level worker keys as Kafka's: `bootstrap.servers`,
 * `client.id`, `security.protocol`, `sasl.*`, `ssl.*` (see `kafkajsOptions`). Throws a
 * ConfigException naming the key for a bad security setting.
 */
export function createKafka(config: WorkerConfig, logger: Logger): Kafka {
  const props: ClientProps = { 'client.id': { value: config.clientId, key: 'client.id' }, ...workerClientProps(config.originals) };
  const options = kafkajsOptions(props, 'worker');
  return new ConnectKafka({ worker: options }, [...config.bootstrapServers], logger) as unknown as Kafka;
}

/**
 * The clients of one connector's task: producer/consumer/admin each configured as Kafka's
 * Worker does — worker connection keys, then the worker's `producer.`/`consumer.`/`admin.`
 * keys, then the connector's `producer.override.`/`consumer.override.`/`admin.override.` keys
 * (checked against `connector.client.config.override.policy`). kafkajs connects lazily, so
 * building this opens nothing.
 */
export function createTaskKafka(config: WorkerConfig, type: 'source' | 'sink', connectorConfig: Readonly<Record<string, string>>,
  taskId: string, logger: Logger): Kafka {
  checkOverrides(config.originals, type, connectorConfig);
  const options: Partial<Record<ClientRole, KafkajsOptions>> = {};
  for (const role of ['producer', 'consumer', 'admin'] as const) {
    const props: Record<string, { value: string; key: string }> = {
      // Kafka's default client ids for task clients.
      'client.id': { value: `connector-${role === 'admin' ? 'adminclient' : role}-${taskId}`, key: 'client.id' },
      ...roleClientProps(config.originals, role, connectorConfig),
    };
    options[role] = kafkajsOptions(props, role);
  }
  return new ConnectKafka(options, [...config.bootstrapServers], logger) as unknown as Kafka;
}

/**
 * Kafka-shaped facade (producer/consumer/admin/logger, what the runtime calls) over one
 * kafkajs instance per client role; configured options win over the runtime's own (as a
 * Java `producer.*` key wins over Connect's defaults), and connect() failures caused by
 * authentication say so, with the mechanism and user.
 */
class ConnectKafka {
  private readonly instances = new Map<string, Kafka>();
  private readonly warned = new Set<string>();

  constructor(private readonly options: Partial<Record<ClientRole | 'worker', KafkajsOptions>>, private readonly brokers: string[],
    private readonly log: Logger) {}

  private role(role: ClientRole): { kafka: Kafka; o: KafkajsOptions } {
    const key = this.options[role] ? role : 'worker';
    const o = this.options[key]!;
    let kafka = this.instances.get(key);
    if (!kafka) {
      kafka = new Kafka({ logLevel: KafkaLogLevel.INFO, logCreator: logCreator(this.log), ...o.client, brokers: o.client.brokers ?? this.brokers });
      this.instances.set(key, kafka);
      const unused = o.unused.filter((k) => k.startsWith(`${role}.`));
      if (unused.length > 0 && !this.warned.has(role)) {
        this.warned.add(role);
        this.log.warn({ keys: unused }, `These configurations '${unused.join(', ')}' were supplied but are not used by tsconnect's Kafka ${role} (kafkajs).`);
      }
    }
    return { kafka, o };
  }

  producer(config: ProducerConfig = {}): Producer {
    const { kafka, o } = this.role('producer');
    const producer = kafka.producer({ ...config, ...o.producer });
    withSendDefaults(producer, o.send);
    return withAuthErrors(producer, o.security, o.client.brokers ?? this.brokers);
  }

  consumer(config: ConsumerConfig): Consumer {
    const { kafka, o } = this.role('consumer');
    return withAuthErrors(kafka.consumer({ ...config, ...o.consumer }), o.security, o.client.brokers ?? this.brokers);
  }

  admin(config?: AdminConfig): Admin {
    const { kafka, o } = this.role('admin');
    return withAuthErrors(kafka.admin(config), o.security, o.client.brokers ?? this.brokers);
  }

  logger(): ReturnType<Kafka['logger']> {
    return this.role('admin').kafka.logger();
  }
}

/** `acks`, `timeout` and `compression` are per request in kafkajs: apply the configured ones. */
function withSendDefaults(producer: Producer, defaults: SendDefaults): void {
  if (Object.keys(defaults).length === 0) return;
  const wrapSends = (target: { send: Producer['send']; sendBatch: Producer['sendBatch'] }): void => {
    const send = target.send.bind(target);
    const sendBatch = target.sendBatch.bind(target);
    target.send = (record: ProducerRecord) => send({ ...record, ...defaults });
    target.sendBatch = (batch: ProducerBatch) => sendBatch({ ...batch, ...defaults });
  };
  wrapSends(producer);
  const transaction = producer.transaction.bind(producer);
  producer.transaction = async () => {
    const tx = await transaction();
    wrapSends(tx);
    return tx;
  };
}

function withAuthErrors<T extends { connect(): Promise<void> }>(client: T, security: ClientSecurityInfo, brokers: readonly string[]): T {
  const connect = client.connect.bind(client);
  client.connect = async () => {
    try {
      await connect();
    } catch (e) {
      throw authenticationError(e, security, brokers);
    }
  };
  return client;
}

/** A SASL failure as a message naming the mechanism, user and brokers; other errors unchanged. */
export function authenticationError(e: unknown, security: ClientSecurityInfo, brokers: readonly string[]): unknown {
  const err = e as Error & { cause?: unknown };
  // kafkajs is CommonJS: only some of its exports are visible as ESM named imports.
  const { KafkaJSSASLAuthenticationError } = kafkajs;
  const sasl = e instanceof KafkaJSSASLAuthenticationError ? e
    : err?.cause instanceof KafkaJSSASLAuthenticationError ? err.cause : null;
  if (!sasl) return e;
  const out = new Error(`Kafka authentication failed with SASL mechanism ${security.mechanism ?? '?'} for user "${security.username ?? ''}" `
    + `(security.protocol=${security.securityProtocol}, bootstrap.servers=${brokers.join(',')}): ${sasl.message}`, { cause: e });
  out.name = 'SaslAuthenticationException';
  return out;
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
