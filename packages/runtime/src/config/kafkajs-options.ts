import { ConfigException } from '@tsconnect/sdk';
import kafkajs, { CompressionTypes, type ConsumerConfig, type KafkaConfig, type ProducerConfig, type RetryOptions } from 'kafkajs';
import type { ClientRole } from './client-overrides.js';
import { clientSecurity, type ClientProps, type ClientSecurityInfo } from './kafka-client-config.js';

/** Options per produce request (kafkajs takes these on `send`, Java on the producer). */
export interface SendDefaults {
  acks?: number;
  timeout?: number;
  compression?: CompressionTypes;
}

export interface KafkajsOptions {
  readonly client: Omit<KafkaConfig, 'brokers'> & { brokers?: string[] };
  readonly producer: ProducerConfig;
  readonly send: SendDefaults;
  readonly consumer: Partial<ConsumerConfig>;
  readonly security: ClientSecurityInfo;
  /** Given keys tsconnect's client does not use (Kafka warns "supplied but are not used"). */
  readonly unused: readonly string[];
}

/** kafkajs's unregistered codecs are stubs that throw "… compression not implemented". */
function hasCodec(type: CompressionTypes): boolean {
  try {
    const factory = (kafkajs.CompressionCodecs as unknown as Record<number, () => unknown>)[type];
    return typeof factory?.() === 'object';
  } catch {
    return false;
  }
}

const COMPRESSION: Record<string, CompressionTypes> = {
  none: CompressionTypes.None, gzip: CompressionTypes.GZIP, snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4, zstd: CompressionTypes.ZSTD,
};

/**
 * Kafka (Java) client keys → kafkajs options. Client level: `bootstrap.servers`, `client.id`,
 * `request.timeout.ms`, `socket.connection.setup.timeout.ms`, `retries`, `retry.backoff.ms`,
 * `retry.backoff.max.ms` and the security keys. Producer: `enable.idempotence`,
 * `max.in.flight.requests.per.connection`, `transactional.id`, `transaction.timeout.ms`,
 * `metadata.max.age.ms`, and per send `acks`, `compression.type`. Consumer: `group.id`,
 * `session.timeout.ms`, `heartbeat.interval.ms`, `max.poll.interval.ms` (rebalance timeout),
 * `fetch.min.bytes`, `fetch.max.bytes`, `max.partition.fetch.bytes`, `fetch.max.wait.ms`,
 * `isolation.level`, `allow.auto.create.topics`, `client.rack`, `metadata.max.age.ms`.
 */
export function kafkajsOptions(props: ClientProps, role: ClientRole | 'worker'): KafkajsOptions {
  const security = clientSecurity(props);
  const used = new Set(security.used);
  const take = (k: string): { value: string; key: string } | undefined => { const p = props[k]; if (p) used.add(k); return p; };
  const int = (k: string, min = 0): number | undefined => {
    const p = take(k);
    if (!p) return undefined;
    const n = Number(p.value.trim());
    if (p.value.trim() === '' || !Number.isInteger(n) || n < min) throw new ConfigException(p.key, p.value, `Expected an integer of at least ${min}`);
    return n;
  };
  const bool = (k: string): boolean | undefined => {
    const p = take(k);
    if (!p) return undefined;
    const v = p.value.trim().toLowerCase();
    if (v !== 'true' && v !== 'false') throw new ConfigException(p.key, p.value, 'Expected value to be either true or false');
    return v === 'true';
  };

  const client: KafkajsOptions['client'] = {};
  const brokers = take('bootstrap.servers');
  if (brokers) client.brokers = brokers.value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const clientId = take('client.id');
  if (clientId) client.clientId = clientId.value;
  if (security.ssl) client.ssl = security.ssl;
  if (security.sasl) client.sasl = security.sasl;
  const requestTimeout = int('request.timeout.ms');
  if (requestTimeout !== undefined) client.requestTimeout = requestTimeout;
  const connectionTimeout = int('socket.connection.setup.timeout.ms');
  if (connectionTimeout !== undefined) client.connectionTimeout = connectionTimeout;
  const retry: RetryOptions = {};
  const retries = int('retries');
  const backoff = int('retry.backoff.ms');
  const backoffMax = int('retry.backoff.max.ms');
  if (retries !== undefined) retry.retries = retries;
  if (backoff !== undefined) retry.initialRetryTime = backoff;
  if (backoffMax !== undefined) retry.maxRetryTime = backoffMax;
  if (Object.keys(retry).length > 0) client.retry = retry;

  const producer: ProducerConfig = {};
  const send: SendDefaults = {};
  const consumer: Partial<ConsumerConfig> = {};
  if (role === 'producer') {
    const idempotent = bool('enable.idempotence');
    if (idempotent !== undefined) producer.idempotent = idempotent;
    const inFlight = int('max.in.flight.requests.per.connection', 1);
    if (inFlight !== undefined) producer.maxInFlightRequests = inFlight;
    const txId = take('transactional.id');
    if (txId) producer.transactionalId = txId.value;
    const txTimeout = int('transaction.timeout.ms', 1);
    if (txTimeout !== undefined) producer.transactionTimeout = txTimeout;
    const metadataMaxAge = int('metadata.max.age.ms');
    if (metadataMaxAge !== undefined) producer.metadataMaxAge = metadataMaxAge;
    const acks = take('acks');
    if (acks) {
      const v = acks.value.trim().toLowerCase();
      const n = v === 'all' ? -1 : Number(v);
      if (![-1, 0, 1].includes(n) || v === '') throw new ConfigException(acks.key, acks.value, 'String must be one of: all, -1, 0, 1');
      send.acks = n;
    }
    if (requestTimeout !== undefined) send.timeout = requestTimeout;
    const compression = take('compression.type');
    if (compression) {
      const type = COMPRESSION[compression.value.trim().toLowerCase()];
      if (type === undefined) throw new ConfigException(compression.key, compression.value, 'String must be one of: none, gzip, snappy, lz4, zstd');
      // kafkajs ships gzip only; snappy/lz4/zstd work once the app registers a codec.
      if (type !== CompressionTypes.None && !hasCodec(type)) {
        throw new ConfigException(compression.key, compression.value,
          'kafkajs has no codec for it registered (it ships gzip; register one in CompressionCodecs, e.g. kafkajs-snappy)');
      }
      send.compression = type;
    }
  } else if (role === 'consumer') {
    const group = take('group.id');
    if (group) consumer.groupId = group.value;
    const n = (k: string, to: keyof ConsumerConfig, min = 0): void => {
      const v = int(k, min);
      if (v !== undefined) (consumer as Record<string, unknown>)[to] = v;
    };
    n('session.timeout.ms', 'sessionTimeout', 1);
    n('heartbeat.interval.ms', 'heartbeatInterval', 1);
    n('max.poll.interval.ms', 'rebalanceTimeout', 1);
    n('fetch.min.bytes', 'minBytes');
    n('fetch.max.bytes', 'maxBytes');
    n('max.partition.fetch.bytes', 'maxBytesPerPartition');
    n('fetch.max.wait.ms', 'maxWaitTimeInMs');
    n('metadata.max.age.ms', 'metadataMaxAge');
    const isolation = take('isolation.level');
    if (isolation) {
      const v = isolation.value.trim().toLowerCase();
      if (v !== 'read_committed' && v !== 'read_uncommitted') throw new ConfigException(isolation.key, isolation.value, 'String must be one of: read_committed, read_uncommitted');
      consumer.readUncommitted = v === 'read_uncommitted';
    }
    // kafkajs takes this per subscription (`fromBeginning`); the sink task runner applies it.
    const reset = take('auto.offset.reset');
    if (reset && !['earliest', 'latest', 'none'].includes(reset.value.trim().toLowerCase())) {
      throw new ConfigException(reset.key, reset.value, 'String must be one of: latest, earliest, none');
    }
    const autoCreate = bool('allow.auto.create.topics');
    if (autoCreate !== undefined) consumer.allowAutoTopicCreation = autoCreate;
    const rack = take('client.rack');
    if (rack) consumer.rackId = rack.value;
  }
  const unused = Object.keys(props).filter((k) => !used.has(k)).map((k) => props[k]!.key);
  return { client, producer, send, consumer, security: security.info, unused };
}
