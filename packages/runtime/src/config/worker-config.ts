import { readFile } from 'node:fs/promises';
import { ConfigDef, Validators, type ParsedConfig } from '@tsconnect/sdk';
import { parseProperties } from './properties-parser.js';
import { OVERRIDE_POLICY_KEY, overridePolicy } from './client-overrides.js';
import { WORKER_EXTRAS_DEF } from './worker-extras.js';

/** Worker keys, named and defaulted as Kafka Connect's WorkerConfig/StandaloneConfig. */
export const WORKER_CONFIG_DEF = new ConfigDef()
  .define({ name: 'bootstrap.servers', type: 'LIST', defaultValue: 'localhost:9092', importance: 'HIGH',
    documentation: 'Kafka brokers to connect to (host:port,...).' })
  .define({ name: 'key.converter', type: 'CLASS', importance: 'HIGH',
    documentation: 'Converter class for record keys, unless a connector overrides it.' })
  .define({ name: 'value.converter', type: 'CLASS', importance: 'HIGH',
    documentation: 'Converter class for record values, unless a connector overrides it.' })
  .define({ name: 'header.converter', type: 'CLASS', defaultValue: null, importance: 'LOW',
    documentation: 'HeaderConverter class; without one, string headers are UTF-8 bytes.' })
  .define({ name: 'rest.port', type: 'INT', defaultValue: 8083, validator: Validators.between(0, 65535),
    documentation: 'REST port; 0 picks a free one.' })
  .define({ name: 'rest.host.name', type: 'STRING', defaultValue: null, documentation: 'Interface to bind.' })
  .define({ name: 'listeners', type: 'LIST', defaultValue: '', documentation: 'e.g. http://0.0.0.0:8083; overrides rest.port/rest.host.name.' })
  .define({ name: 'rest.advertised.host.name', type: 'STRING', defaultValue: null, documentation: 'Host part of the worker id.' })
  .define({ name: 'rest.advertised.port', type: 'INT', defaultValue: null, documentation: 'Port part of the worker id.' })
  .define({ name: 'offset.storage.file.filename', type: 'STRING', importance: 'HIGH', validator: Validators.nonEmptyString(),
    documentation: 'Standalone: file where source offsets are stored.' })
  .define({ name: 'offset.flush.interval.ms', type: 'LONG', defaultValue: 60_000, validator: Validators.atLeast(1),
    documentation: 'How often source offsets are flushed (and SourceTask.commit called).' })
  .define({ name: 'offset.flush.timeout.ms', type: 'LONG', defaultValue: 5_000, validator: Validators.atLeast(1),
    documentation: 'Max time to wait for an offset flush.' })
  .define({ name: 'plugin.path', type: 'LIST', defaultValue: '',
    documentation: 'npm package names to import; each must export `tsconnectPlugins`.' })
  .define({ name: 'task.shutdown.graceful.timeout.ms', type: 'LONG', defaultValue: 5_000, validator: Validators.atLeast(0),
    documentation: 'How long to wait for a task to stop before giving up on it.' })
  .define({ name: 'topic.creation.enable', type: 'BOOLEAN', defaultValue: true,
    documentation: 'Let source connectors create missing topics before the first send.' })
  .define({ name: 'client.id', type: 'STRING', defaultValue: 'tsconnect', documentation: 'Kafka client id prefix.' })
  .define({ name: 'log.level', type: 'STRING', defaultValue: 'info',
    validator: Validators.in(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { caseInsensitive: true }),
    documentation: 'pino log level (LOG_LEVEL env var when unset).' })
  .define({ name: 'security.protocol', type: 'STRING', defaultValue: 'PLAINTEXT',
    validator: Validators.in(['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'], { caseInsensitive: true }), importance: 'MEDIUM',
    documentation: 'Protocol of the worker\'s Kafka connections; task clients inherit it unless producer./consumer./admin. keys say otherwise.' })
  .define({ name: 'sasl.mechanism', type: 'STRING', defaultValue: 'GSSAPI', importance: 'MEDIUM',
    documentation: 'PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (kafkajs has no GSSAPI).' })
  .define({ name: 'sasl.jaas.config', type: 'PASSWORD', defaultValue: null, importance: 'MEDIUM',
    documentation: 'e.g. org.apache.kafka.common.security.scram.ScramLoginModule required username="…" password="…";' })
  .define({ name: OVERRIDE_POLICY_KEY, type: 'STRING', defaultValue: 'All', importance: 'MEDIUM',
    documentation: 'Which producer.override./consumer.override./admin.override. keys connectors may set: None, Principal (sasl.jaas.config, sasl.mechanism, security.protocol) or All.' })
  .merge(WORKER_EXTRAS_DEF);

/** The parsed worker config; `originals` keeps every key (converter passthrough, unknown keys). */
export interface WorkerConfig {
  readonly originals: Readonly<Record<string, string>>;
  readonly bootstrapServers: readonly string[];
  readonly keyConverter: string;
  readonly valueConverter: string;
  readonly headerConverter: string | null;
  readonly restPort: number;
  readonly restHostName: string | null;
  readonly listeners: readonly string[];
  readonly restAdvertisedHostName: string | null;
  readonly restAdvertisedPort: number | null;
  readonly offsetStorageFileFilename: string;
  readonly offsetFlushIntervalMs: number;
  readonly offsetFlushTimeoutMs: number;
  readonly pluginPath: readonly string[];
  readonly taskShutdownGracefulTimeoutMs: number;
  readonly topicCreationEnable: boolean;
  readonly clientId: string;
  readonly logLevel: string;
}

/** Validates worker props; throws ConfigException naming the key and value. */
export function parseWorkerConfig(props: Readonly<Record<string, string>>): WorkerConfig {
  const withLogLevel = props['log.level'] === undefined && process.env['LOG_LEVEL']
    ? { ...props, 'log.level': process.env['LOG_LEVEL'] }
    : props;
  const c: ParsedConfig = WORKER_CONFIG_DEF.parse(withLogLevel);
  overridePolicy(props); // throws for an unknown policy
  return {
    originals: { ...props },
    bootstrapServers: c.list('bootstrap.servers'),
    keyConverter: c.string('key.converter'),
    valueConverter: c.string('value.converter'),
    headerConverter: c.optionalString('header.converter'),
    restPort: c.int('rest.port'),
    restHostName: c.optionalString('rest.host.name'),
    listeners: c.list('listeners'),
    restAdvertisedHostName: c.optionalString('rest.advertised.host.name'),
    restAdvertisedPort: (c.int('rest.advertised.port') as number | null),
    offsetStorageFileFilename: c.string('offset.storage.file.filename'),
    offsetFlushIntervalMs: c.long('offset.flush.interval.ms'),
    offsetFlushTimeoutMs: c.long('offset.flush.timeout.ms'),
    pluginPath: c.list('plugin.path'),
    taskShutdownGracefulTimeoutMs: c.long('task.shutdown.graceful.timeout.ms'),
    topicCreationEnable: c.boolean('topic.creation.enable'),
    clientId: c.string('client.id'),
    logLevel: c.string('log.level').toLowerCase(),
  };
}

/**
 * Worker props from `CONNECT_*` environment variables, as Confluent's images map them:
 * drop the prefix, lowercase, `___` → `-`, `__` → `_`, `_` → `.`
 * (CONNECT_BOOTSTRAP_SERVERS → bootstrap.servers, CONNECT_VALUE_CONVERTER_SCHEMAS_ENABLE →
 * value.converter.schemas.enable).
 */
export function workerPropsFromEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('CONNECT_') || value === undefined) continue;
    const key = name
      .slice('CONNECT_'.length)
      .toLowerCase()
      .replace(/_{1,3}/g, (run) => ['.', '_', '-'][run.length - 1]!);
    if (key !== '') out[key] = value;
  }
  return out;
}

/** Reads a worker.properties file (if given) and overlays `CONNECT_*` env vars (env wins). */
export async function loadWorkerProps(
  file: string | null,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<Record<string, string>> {
  const fromFile = file ? parseProperties(await readFile(file, 'utf8')) : {};
  return { ...fromFile, ...workerPropsFromEnv(env) };
}
