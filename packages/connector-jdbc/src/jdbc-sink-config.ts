import { ConfigDef, ConfigException, Validators, type ConfigValueInfo } from '@tsconnect/sdk';
import { parseConnectionUrl, type ConnectionSettings } from './connection-url.js';
import type { QuoteMode } from './dialect/dialect.js';
import { checkTimeZone } from './temporal.js';

export type InsertMode = 'insert' | 'upsert' | 'update';
export type PkMode = 'none' | 'kafka' | 'record_key' | 'record_value';

const CONNECTION = 'Connection';
const WRITES = 'Writes';
const DATA_MAPPING = 'Data Mapping';
const DDL = 'DDL Support';
const RETRIES = 'Retries';
const EXACTLY_ONCE = 'Exactly Once';

/**
 * Keys and docs as Confluent's JDBC sink names them, so its documentation applies. `topics` /
 * `topics.regex` are not here: the runtime's sink connector config owns and checks them.
 */
export const JDBC_SINK_CONFIG_DEF = new ConfigDef()
  .define({ name: 'connection.url', type: 'STRING', importance: 'HIGH', group: CONNECTION, validator: Validators.nonEmptyString(),
    documentation: 'jdbc:postgresql://host:port/db, jdbc:mysql://…, jdbc:mariadb://…, postgres://… or mysql://… URL.' })
  .define({ name: 'connection.user', type: 'STRING', defaultValue: null, importance: 'HIGH', group: CONNECTION,
    documentation: 'Database user; overrides a user in the URL.' })
  .define({ name: 'connection.password', type: 'PASSWORD', defaultValue: null, importance: 'HIGH', group: CONNECTION,
    documentation: 'Database password; overrides a password in the URL.' })
  .define({ name: 'insert.mode', type: 'STRING', defaultValue: 'insert', importance: 'HIGH', group: WRITES,
    validator: Validators.in(['insert', 'upsert', 'update'], { caseInsensitive: true }),
    documentation: 'insert: plain INSERT; upsert: INSERT … ON CONFLICT/ON DUPLICATE KEY UPDATE; update: UPDATE by primary key.' })
  .define({ name: 'batch.size', type: 'INT', defaultValue: 3000, importance: 'MEDIUM', group: WRITES, validator: Validators.atLeast(1),
    documentation: 'Records written per table batch (one transaction).' })
  .define({ name: 'delete.enabled', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', group: WRITES,
    documentation: 'Delete rows for tombstones and Debezium op=d records. Requires pk.mode=record_key.' })
  .define({ name: 'truncate.enabled', type: 'BOOLEAN', defaultValue: false, importance: 'LOW', group: WRITES,
    documentation: 'Truncate the table for Debezium op=t records (otherwise they are skipped).' })
  .define({ name: 'table.name.format', type: 'STRING', defaultValue: '${topic}', importance: 'MEDIUM', group: DATA_MAPPING,
    validator: Validators.nonEmptyString(),
    documentation: '${topic} is replaced by the topic. Dots qualify the name as in Confluent: a.b is table b in schema (PostgreSQL) / database (MariaDB) a.' })
  .define({ name: 'pk.mode', type: 'STRING', defaultValue: 'none', importance: 'HIGH', group: DATA_MAPPING,
    validator: Validators.in(['none', 'kafka', 'record_key', 'record_value'], { caseInsensitive: true }),
    documentation: 'Where the primary key comes from: none, kafka (topic/partition/offset), record_key or record_value.' })
  .define({ name: 'pk.fields', type: 'LIST', defaultValue: '', importance: 'MEDIUM', group: DATA_MAPPING,
    documentation: 'Primary key field names; empty means all key fields (record_key) / all value fields (record_value), or __connect_topic,__connect_partition,__connect_offset (kafka).' })
  .define({ name: 'fields.whitelist', type: 'LIST', defaultValue: '', importance: 'MEDIUM', group: DATA_MAPPING,
    documentation: 'Value fields to write (empty: all). Same as field.include.list.' })
  .define({ name: 'field.include.list', type: 'LIST', defaultValue: '', importance: 'MEDIUM', group: DATA_MAPPING,
    documentation: 'Debezium-sink spelling of fields.whitelist; both lists are combined.' })
  .define({ name: 'db.timezone', type: 'STRING', defaultValue: 'UTC', importance: 'MEDIUM', group: DATA_MAPPING,
    validator: { ensureValid: (name, value) => { try { checkTimeZone(String(value)); } catch { throw new ConfigException(name, value, 'Unknown time zone'); } }, toString: () => 'an IANA time zone' },
    documentation: 'Zone in which Connect Timestamp values are written to columns without a time zone.' })
  .define({ name: 'auto.create', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', group: DDL,
    documentation: 'CREATE TABLE from the record schema when the table is missing.' })
  .define({ name: 'auto.evolve', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', group: DDL,
    documentation: 'ALTER TABLE … ADD COLUMN for fields the table lacks. Columns are never dropped.' })
  .define({ name: 'quote.sql.identifiers', type: 'STRING', defaultValue: 'always', importance: 'MEDIUM', group: DDL,
    validator: Validators.in(['always', 'never'], { caseInsensitive: true }),
    documentation: 'always: quote table and column names (case preserved); never: leave them bare.' })
  .define({ name: 'max.retries', type: 'INT', defaultValue: 10, importance: 'MEDIUM', group: RETRIES, validator: Validators.atLeast(0),
    documentation: 'Retries of a batch after a transient database error.' })
  .define({ name: 'retry.backoff.ms', type: 'INT', defaultValue: 3000, importance: 'MEDIUM', group: RETRIES, validator: Validators.atLeast(0),
    documentation: 'Wait between retries.' })
  .define({ name: 'copy.threshold.rows', type: 'INT', defaultValue: 1000, importance: 'LOW', group: WRITES, validator: Validators.atLeast(0),
    documentation: 'Insert/upsert batches with at least this many rows are bulk-loaded (PostgreSQL COPY, MariaDB LOAD DATA LOCAL ' +
      'INFILE): straight into the table when its keys are new, else through a temporary table and INSERT … SELECT with ' +
      'ON CONFLICT / ON DUPLICATE KEY UPDATE, instead of multi-row INSERTs. 0 disables it.' })
  .define({ name: 'connection.pool.max_size', type: 'INT', defaultValue: 2, importance: 'LOW', group: WRITES, validator: Validators.atLeast(1),
    documentation: 'Database sessions per task (Debezium JDBC sink name). With 2 or more, a batch whose keys are disjoint from ' +
      'the batches being written (inserts/upserts only, no deletes or truncates) is written at the same time on another ' +
      'session; otherwise it waits. Ignored (1) with exactly.once.enabled. 1 = one batch at a time.' })
  .define({ name: 'exactly.once.enabled', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', group: EXACTLY_ONCE,
    documentation: 'Store the consumer offsets in a table of the target database, in the same transaction as the rows; ' +
      'on partition assignment consumption resumes from there, and records already applied are skipped.' })
  .define({ name: 'exactly.once.offsets.table', type: 'STRING', defaultValue: '__tsconnect_offsets', importance: 'LOW', group: EXACTLY_ONCE,
    validator: Validators.nonEmptyString(),
    documentation: 'Table (connector, topic, partition, next_offset) for exactly.once.enabled; created when missing. schema.table allowed.' });

/** Debezium JDBC sink spellings → ours; applied only when our key is absent. */
const DEBEZIUM_ALIASES: Readonly<Record<string, string>> = {
  'connection.username': 'connection.user',
  'primary.key.mode': 'pk.mode',
  'primary.key.fields': 'pk.fields',
  'database.time_zone': 'db.timezone',
};

export function normalizeProps(props: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = { ...props };
  for (const [alias, key] of Object.entries(DEBEZIUM_ALIASES)) {
    if (out[alias] !== undefined && out[key] === undefined) out[key] = out[alias];
  }
  if (out['quote.identifiers'] !== undefined && out['quote.sql.identifiers'] === undefined) {
    out['quote.sql.identifiers'] = /^true$/i.test(out['quote.identifiers'].trim()) ? 'always' : 'never';
  }
  if (out['schema.evolution'] !== undefined) {
    const basic = out['schema.evolution'].trim().toLowerCase() === 'basic';
    out['auto.create'] ??= String(basic);
    out['auto.evolve'] ??= String(basic);
  }
  return out;
}

export interface JdbcSinkConfig {
  readonly connection: ConnectionSettings;
  readonly insertMode: InsertMode;
  readonly pkMode: PkMode;
  readonly pkFields: readonly string[];
  readonly fieldsWhitelist: readonly string[];
  readonly deleteEnabled: boolean;
  readonly truncateEnabled: boolean;
  readonly tableNameFormat: string;
  readonly autoCreate: boolean;
  readonly autoEvolve: boolean;
  readonly quoteIdentifiers: QuoteMode;
  readonly batchSize: number;
  readonly maxRetries: number;
  readonly retryBackoffMs: number;
  readonly dbTimeZone: string;
  readonly copyThresholdRows: number;
  /** connection.pool.max_size: at most this many batches written at once (disjoint keys only). */
  readonly poolMaxSize: number;
  readonly exactlyOnce: boolean;
  readonly offsetsTable: string;
  /** The connector name (`name`), the offsets table's connector column. */
  readonly connectorName: string;
  /** `errors.tolerance` (owned by the runtime): all = report bad records and go on; none = fail the task. */
  readonly errorsTolerance: 'none' | 'all';
}

/** Errors that involve several keys, each reported on the key the user has to change. */
export function crossKeyExceptions(props: Readonly<Record<string, string>>): ConfigException[] {
  const p = normalizeProps(props);
  let parsed;
  try {
    parsed = JDBC_SINK_CONFIG_DEF.parse(p);
  } catch {
    return []; // per-key errors are reported by ConfigDef.validate
  }
  const errors: ConfigException[] = [];
  const pkMode = parsed.string('pk.mode').toLowerCase();
  const insertMode = parsed.string('insert.mode').toLowerCase();
  const pkFields = parsed.list('pk.fields').filter((f) => f !== '');
  try {
    parseConnectionUrl(parsed.string('connection.url'), parsed.optionalString('connection.user'), parsed.password('connection.password'));
  } catch (e) {
    errors.push(e as ConfigException);
  }
  if (parsed.boolean('delete.enabled') && pkMode !== 'record_key') {
    errors.push(new ConfigException('delete.enabled', true, `Deletes are only supported for pk.mode record_key, but pk.mode is ${pkMode}`));
  }
  if (insertMode !== 'insert' && pkMode === 'none') {
    errors.push(new ConfigException('insert.mode', insertMode, `insert.mode ${insertMode} needs a primary key; set pk.mode to kafka, record_key or record_value`));
  }
  if (pkMode === 'kafka' && pkFields.length !== 0 && pkFields.length !== 3) {
    errors.push(new ConfigException('pk.fields', pkFields.join(','), 'pk.mode kafka needs exactly 3 names (topic, partition and offset columns) or none'));
  }
  if (parsed.boolean('exactly.once.enabled') && !(p['name'] ?? '').trim()) {
    errors.push(new ConfigException('name', p['name'] ?? null, 'exactly.once.enabled needs the connector name (it keys the offsets table)'));
  }
  if (pkMode === 'none' && pkFields.length > 0) {
    errors.push(new ConfigException('pk.fields', pkFields.join(','), 'pk.fields has no effect with pk.mode none; set pk.mode'));
  }
  return errors;
}

/** The cross-key errors in the shape of Connector.validate. */
export function crossKeyErrors(props: Readonly<Record<string, string>>): ConfigValueInfo[] {
  const p = normalizeProps(props);
  return crossKeyExceptions(p).map((e) => ({
    name: e.key,
    value: e.key === 'connection.url' ? null : (p[e.key] ?? null),
    recommended_values: [],
    errors: [e.message],
    visible: true,
  }));
}

/** Parses and cross-checks; throws ConfigException naming the first bad key. */
export function parseJdbcSinkConfig(props: Readonly<Record<string, string>>): JdbcSinkConfig {
  const p = normalizeProps(props);
  const c = JDBC_SINK_CONFIG_DEF.parse(p);
  const cross = crossKeyExceptions(p)[0];
  if (cross) throw cross;
  return {
    connection: parseConnectionUrl(c.string('connection.url'), c.optionalString('connection.user'), c.password('connection.password')),
    insertMode: c.string('insert.mode').toLowerCase() as InsertMode,
    pkMode: c.string('pk.mode').toLowerCase() as PkMode,
    pkFields: c.list('pk.fields').filter((f) => f !== ''),
    fieldsWhitelist: [...new Set([...c.list('fields.whitelist'), ...c.list('field.include.list')].filter((f) => f !== ''))],
    deleteEnabled: c.boolean('delete.enabled'),
    truncateEnabled: c.boolean('truncate.enabled'),
    tableNameFormat: c.string('table.name.format'),
    autoCreate: c.boolean('auto.create'),
    autoEvolve: c.boolean('auto.evolve'),
    quoteIdentifiers: c.string('quote.sql.identifiers').toLowerCase() as QuoteMode,
    batchSize: c.int('batch.size'),
    maxRetries: c.int('max.retries'),
    retryBackoffMs: c.int('retry.backoff.ms'),
    dbTimeZone: c.string('db.timezone'),
    copyThresholdRows: c.int('copy.threshold.rows'),
    poolMaxSize: c.int('connection.pool.max_size'),
    exactlyOnce: c.boolean('exactly.once.enabled'),
    offsetsTable: c.string('exactly.once.offsets.table'),
    connectorName: (p['name'] ?? '').trim(),
    errorsTolerance: (p['errors.tolerance'] ?? 'none').trim().toLowerCase() === 'all' ? 'all' : 'none',
  };
}
