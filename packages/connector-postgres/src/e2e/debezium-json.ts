/**
 * Debezium's JSON (JsonConverter, schemas.enable=true) written out by hand, to compare the bytes the
 * worker wrote to Kafka against. Every key is in the order Kafka's JsonConverter.asJsonSchema emits
 * it: type, items|fields, optional, name, version, doc, parameters, default, then `field`.
 *
 * Verified against Debezium source, github:debezium/debezium @ aad5519902997a3627fe296f77ea6d3452e9acce:
 * - envelope: debezium-connector-common/.../schema/SchemaFactory.java datatypeEnvelopeSchema() — version
 *   Envelope.SCHEMA_VERSION (= 2, data/Envelope.java), fields before/after (withRecord), source, transaction
 *   (TableSchemaBuilder.create calls withRecord, withSource, withTransaction in that order), then op (required),
 *   ts_ms, ts_us, ts_ns (all OPTIONAL_INT64) added in build().
 * - Key/Value: relational/TableSchemaBuilder.java create(): `<prefix>.<schema>.<table>.Key` (required, no
 *   version) and `.Value` (`valSchemaBuilder.optional()`, no version); NOT NULL → required, column default →
 *   schema default (addField).
 * - source: SchemaFactory.sourceInfoSchemaBuilder() (version 1: version, connector, name, ts_ms, snapshot, db,
 *   sequence, ts_us, ts_ns) + postgresql/PostgresSourceInfoStructMaker.java (schema, table, txId, lsn, xmin,
 *   origin, origin_lsn); snapshot is SchemaFactory.snapshotRecordSchema(): io.debezium.data.Enum version 1,
 *   `allowed` = SnapshotRecord values lower-cased in declaration order, default "false", optional.
 * - transaction: SchemaFactory.transactionBlockSchema(): optional `event.block` version 1 (id, total_order,
 *   data_collection_order, all required).
 * - logical messages: postgresql/PostgresSchemaFactory.java (MessageKey/Message/MessageValue, version 1; the
 *   value has op, ts_ms, source, transaction, message — no ts_us/ts_ns) and LogicalDecodingMessageMonitor.java
 *   (topic `<prefix>.message`, content as bytes with the default binary.handling.mode).
 */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A Connect schema in JsonConverter form; `field` is appended when used inside a struct. */
export function schema(
  type: string,
  opts: { optional?: boolean; name?: string; version?: number; doc?: string; parameters?: Record<string, string>; default?: Json; items?: Json; fields?: Json[] } = {},
): { [k: string]: Json } {
  const out: { [k: string]: Json } = { type };
  if (opts.items !== undefined) out['items'] = opts.items;
  if (opts.fields !== undefined) out['fields'] = opts.fields;
  out['optional'] = opts.optional ?? false;
  if (opts.name !== undefined) out['name'] = opts.name;
  if (opts.version !== undefined) out['version'] = opts.version;
  if (opts.doc !== undefined) out['doc'] = opts.doc;
  if (opts.parameters !== undefined) out['parameters'] = opts.parameters;
  if (opts.default !== undefined) out['default'] = opts.default;
  return out;
}

export const field = (name: string, s: { [k: string]: Json }): { [k: string]: Json } => ({ ...s, field: name });

const I64 = schema('int64');
const OPT_I64 = schema('int64', { optional: true });
const STR = schema('string');
const OPT_STR = schema('string', { optional: true });

export const SOURCE_SCHEMA_FIELDS: Json[] = [
  field('version', STR),
  field('connector', STR),
  field('name', STR),
  field('ts_ms', I64),
  field('snapshot', schema('string', {
    optional: true, name: 'io.debezium.data.Enum', version: 1,
    parameters: { allowed: 'true,first,first_in_data_collection,last_in_data_collection,last,false,incremental' },
    default: 'false',
  })),
  field('db', STR),
  field('sequence', OPT_STR),
  field('ts_us', OPT_I64),
  field('ts_ns', OPT_I64),
  field('schema', STR),
  field('table', STR),
  field('txId', OPT_I64),
  field('lsn', OPT_I64),
  field('xmin', OPT_I64),
  field('origin', OPT_STR),
  field('origin_lsn', OPT_I64),
];

export const sourceSchema = (): { [k: string]: Json } =>
  schema('struct', { fields: SOURCE_SCHEMA_FIELDS, name: 'io.debezium.connector.postgresql.Source', version: 1 });

export const transactionBlockSchema = (): { [k: string]: Json } =>
  schema('struct', {
    fields: [field('id', STR), field('total_order', I64), field('data_collection_order', I64)],
    optional: true, name: 'event.block', version: 1,
  });

/** `<prefix>.<schema>.<table>.Value` for the given column fields. */
export const valueSchema = (fullName: string, fields: Json[]): { [k: string]: Json } =>
  schema('struct', { fields, optional: true, name: `${fullName}.Value` });

export const keySchema = (fullName: string, fields: Json[]): { [k: string]: Json } =>
  schema('struct', { fields, name: `${fullName}.Key` });

export function envelopeSchema(fullName: string, columnFields: Json[]): { [k: string]: Json } {
  const value = valueSchema(fullName, columnFields);
  return schema('struct', {
    fields: [
      field('before', value),
      field('after', value),
      field('source', sourceSchema()),
      field('transaction', transactionBlockSchema()),
      field('op', STR),
      field('ts_ms', OPT_I64),
      field('ts_us', OPT_I64),
      field('ts_ns', OPT_I64),
    ],
    name: `${fullName}.Envelope`, version: 2,
  });
}

export const messageKeySchema = (): { [k: string]: Json } =>
  schema('struct', { fields: [field('prefix', OPT_STR)], name: 'io.debezium.connector.postgresql.MessageKey', version: 1 });

export const messageValueSchema = (): { [k: string]: Json } =>
  schema('struct', {
    fields: [
      field('op', STR),
      field('ts_ms', OPT_I64),
      field('source', sourceSchema()),
      field('transaction', transactionBlockSchema()),
      field('message', schema('struct', {
        fields: [field('prefix', OPT_STR), field('content', schema('bytes', { optional: true }))],
        name: 'io.debezium.connector.postgresql.Message', version: 1,
      })),
    ],
    name: 'io.debezium.connector.postgresql.MessageValue', version: 1,
  });

/**
 * JSON.parse that keeps integers beyond 2^53 exact (ts_ns is ~1.7e18) by reading them as strings,
 * and the normalized text, so tests can compare the bytes Kafka holds key for key, in order.
 */
export function exactJson(text: string): { text: string; value: Json } {
  const normalized = text.replace(/([:[,])(-?\d{16,})(?=[,}\]])/g, (all, before: string, digits: string) =>
    (Number.isSafeInteger(Number(digits)) ? all : `${before}"${digits}"`));
  return { text: normalized, value: JSON.parse(normalized) as Json };
}

/** Parses `X/Y` (pg_lsn text) as a number. */
export function lsnNumber(lsn: string): number {
  const [hi, lo] = lsn.split('/');
  return Number((BigInt(`0x${hi}`) << 32n) | BigInt(`0x${lo}`));
}
