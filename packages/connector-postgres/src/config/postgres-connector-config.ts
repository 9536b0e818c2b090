import { ConfigDef, ConfigException, type ParsedConfig } from '@tsconnect/sdk';
import { connectionConfigDef } from './connection-config.js';
import { eventConfigDef, type DecimalHandlingMode, type IntervalHandlingMode, type TimePrecisionMode } from './event-config.js';
import { filterConfigDef } from './filter-config.js';
import { replicationConfigDef, type PublicationAutocreateMode } from './replication-config.js';
import { snapshotConfigDef, type SnapshotMode } from './snapshot-config.js';
import { sslConfigDef, type SslMode } from './ssl-config.js';
import { advancedConfigDef } from './advanced-config.js';

/** Every key the connector declares; keys it does not declare are allowed and ignored. */
export const POSTGRES_CONFIG_DEF: ConfigDef = connectionConfigDef
  .merge(replicationConfigDef)
  .merge(filterConfigDef)
  .merge(snapshotConfigDef)
  .merge(eventConfigDef)
  .merge(sslConfigDef)
  .merge(advancedConfigDef);

/** The parsed, typed configuration the task works with. */
export interface PostgresConnectorConfig {
  readonly topicPrefix: string;
  readonly hostname: string;
  readonly port: number;
  readonly user: string;
  readonly password: string | null;
  readonly dbname: string;
  readonly connectTimeoutMs: number;
  readonly slotName: string;
  readonly slotDropOnStop: boolean;
  readonly publicationName: string;
  readonly publicationAutocreateMode: PublicationAutocreateMode;
  readonly schemaIncludeList: readonly string[];
  readonly schemaExcludeList: readonly string[];
  readonly tableIncludeList: readonly string[];
  readonly tableExcludeList: readonly string[];
  readonly columnIncludeList: readonly string[];
  readonly columnExcludeList: readonly string[];
  readonly messageKeyColumns: string | null;
  readonly messagePrefixIncludeList: readonly string[];
  readonly messagePrefixExcludeList: readonly string[];
  readonly snapshotMode: SnapshotMode;
  readonly snapshotFetchSize: number;
  readonly decimalHandlingMode: DecimalHandlingMode;
  readonly timePrecisionMode: TimePrecisionMode;
  readonly intervalHandlingMode: IntervalHandlingMode;
  readonly tombstonesOnDelete: boolean;
  readonly skippedOperations: ReadonlySet<string>;
  readonly includeUnknownDatatypes: boolean;
  readonly unavailableValuePlaceholder: string;
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTopicsPrefix: string;
  readonly maxBatchSize: number;
  readonly maxQueueSize: number;
  readonly pollIntervalMs: number;
  readonly sslMode: SslMode;
  readonly sslRootCert: string | null;
  readonly sslCert: string | null;
  readonly sslKey: string | null;
  readonly sslPassword: string | null;
  readonly provideTransactionMetadata: boolean;
  readonly transactionTopic: string;
  readonly heartbeatActionQuery: string | null;
  readonly signalDataCollection: string | null;
  readonly incrementalSnapshotChunkSize: number;
}

const lower = (s: string): string => s.trim().toLowerCase();

/** An exclude list that may not be combined with its include list (Debezium rejects both being set). */
function exclusiveWith(c: ParsedConfig, key: string, includeKey: string): readonly string[] {
  const list = c.list(key);
  if (list.length > 0 && c.list(includeKey).length > 0) {
    throw new ConfigException(key, list.join(','), `"${includeKey}" is already set; use one of the two`);
  }
  return list;
}

/** Parses props (throws ConfigException naming the first bad key and its value). */
export function parsePostgresConfig(props: Readonly<Record<string, unknown>>): PostgresConnectorConfig {
  const c: ParsedConfig = POSTGRES_CONFIG_DEF.parse(props);
  return {
    topicPrefix: c.string('topic.prefix'),
    hostname: c.string('database.hostname'),
    port: c.int('database.port'),
    user: c.string('database.user'),
    password: c.password('database.password'),
    dbname: c.string('database.dbname'),
    connectTimeoutMs: c.long('database.connect.timeout.ms'),
    slotName: c.string('slot.name'),
    slotDropOnStop: c.boolean('slot.drop.on.stop'),
    publicationName: c.string('publication.name'),
    publicationAutocreateMode: lower(c.string('publication.autocreate.mode')) as PublicationAutocreateMode,
    schemaIncludeList: c.list('schema.include.list'),
    schemaExcludeList: c.list('schema.exclude.list'),
    tableIncludeList: c.list('table.include.list'),
    tableExcludeList: c.list('table.exclude.list'),
    columnIncludeList: c.list('column.include.list'),
    columnExcludeList: c.list('column.exclude.list'),
    messageKeyColumns: c.optionalString('message.key.columns'),
    messagePrefixIncludeList: c.list('message.prefix.include.list'),
    messagePrefixExcludeList: exclusiveWith(c, 'message.prefix.exclude.list', 'message.prefix.include.list'),
    snapshotMode: lower(c.string('snapshot.mode')) as SnapshotMode,
    snapshotFetchSize: c.int('snapshot.fetch.size'),
    decimalHandlingMode: lower(c.string('decimal.handling.mode')) as DecimalHandlingMode,
    timePrecisionMode: lower(c.string('time.precision.mode')) as TimePrecisionMode,
    intervalHandlingMode: lower(c.string('interval.handling.mode')) as IntervalHandlingMode,
    tombstonesOnDelete: c.boolean('tombstones.on.delete'),
    skippedOperations: new Set(c.list('skipped.operations').map(lower).filter((op) => op !== 'none')),
    includeUnknownDatatypes: c.boolean('include.unknown.datatypes'),
    unavailableValuePlaceholder: c.string('unavailable.value.placeholder'),
    heartbeatIntervalMs: c.int('heartbeat.interval.ms'),
    // Debezium 1.x spelled it heartbeat.topics.prefix; the 2.x key wins when both are given.
    heartbeatTopicsPrefix: props['topic.heartbeat.prefix'] !== undefined || props['heartbeat.topics.prefix'] === undefined
      ? c.string('topic.heartbeat.prefix') : c.string('heartbeat.topics.prefix'),
    maxBatchSize: c.int('max.batch.size'),
    maxQueueSize: c.int('max.queue.size'),
    pollIntervalMs: c.long('poll.interval.ms'),
    sslMode: lower(c.string('database.sslmode')) as SslMode,
    sslRootCert: c.optionalString('database.sslrootcert'),
    sslCert: c.optionalString('database.sslcert'),
    sslKey: c.optionalString('database.sslkey'),
    sslPassword: c.password('database.sslpassword'),
    provideTransactionMetadata: c.boolean('provide.transaction.metadata'),
    transactionTopic: c.string('topic.transaction'),
    heartbeatActionQuery: c.optionalString('heartbeat.action.query'),
    signalDataCollection: c.optionalString('signal.data.collection'),
    incrementalSnapshotChunkSize: c.int('incremental.snapshot.chunk.size'),
  };
}
