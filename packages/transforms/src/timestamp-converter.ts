import {
  ConfigDef, ConnectDate, ConnectException, ConnectTime, ConnectTimestamp, DataException, SchemaBuilder, Schemas, Struct, Validators,
  type ConnectRecord, type Schema, type Transformation,
} from '@tsconnect/sdk';
import { configError } from './util/config-util.js';
import { javaClassName, mapGet, mapWith, requireMap, requireStructOrNull } from './util/schemaless.js';
import { newRecord, operatingSchema, operatingValue, type Side } from './util/operating.js';
import { copySchemaBasics, fieldValue, SchemaCache } from './util/schema-util.js';
import { compileFormat } from './timestamp-router.js';
import { toInt64 } from './util/java-format.js';
import type { SimpleDateFormat } from './util/simple-date-format.js';

type TimestampType = 'string' | 'unix' | 'Date' | 'Time' | 'Timestamp';
type UnixPrecision = 'seconds' | 'milliseconds' | 'microseconds' | 'nanoseconds';

export const TIMESTAMP_CONVERTER_CONFIG_DEF = new ConfigDef()
  .define({ name: 'field', type: 'STRING', defaultValue: '', importance: 'HIGH', documentation: 'The field containing the timestamp, or empty if the entire value is a timestamp' })
  .define({
    name: 'target.type', type: 'STRING', importance: 'HIGH', validator: Validators.in(['string', 'unix', 'Date', 'Time', 'Timestamp']),
    documentation: 'The desired timestamp representation: string, unix, Date, Time, or Timestamp',
  })
  .define({
    name: 'format', type: 'STRING', defaultValue: '',
    documentation: 'A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when type=string or used to parse the input if the input is a string.',
  })
  .define({
    name: 'unix.precision', type: 'STRING', defaultValue: 'milliseconds', importance: 'LOW',
    validator: Validators.in(['nanoseconds', 'microseconds', 'milliseconds', 'seconds']),
    documentation: 'The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or nanoseconds.',
  })
  .define({
    name: 'replace.null.with.default', type: 'BOOLEAN', defaultValue: true,
    documentation: 'Whether to replace fields that have a default value and that are null to the default value.',
  });

const PURPOSE = 'converting timestamp formats';
const DAY_MS = 86_400_000;
const UNIX_FACTOR: Record<UnixPrecision, bigint> = { seconds: 1000n, milliseconds: 1n, microseconds: 1000n, nanoseconds: 1_000_000n };

function typeSchema(type: TimestampType, optional: boolean): Schema {
  switch (type) {
    case 'string': return optional ? Schemas.OPTIONAL_STRING : Schemas.STRING;
    case 'unix': return optional ? Schemas.OPTIONAL_INT64 : Schemas.INT64;
    case 'Date': return optional ? ConnectDate.builder().optional().build() : ConnectDate.builder().build();
    case 'Time': return optional ? ConnectTime.builder().optional().build() : ConnectTime.builder().build();
    case 'Timestamp': return optional ? ConnectTimestamp.builder().optional().build() : ConnectTimestamp.builder().build();
  }
}

/** Kafka's TimestampConverter: between unix (int64), string (SimpleDateFormat, UTC), Date, Time and Timestamp. */
export class TimestampConverter implements Transformation {
  private field = '';
  private type: TimestampType = 'Timestamp';
  private format: SimpleDateFormat | null = null;
  private unixPrecision: UnixPrecision = 'milliseconds';
  private replaceNullWithDefault = true;
  private readonly cache = new SchemaCache();

  constructor(private readonly side: Side) {}

  configure(props: Readonly<Record<string, unknown>>): void {
    const config = TIMESTAMP_CONVERTER_CONFIG_DEF.parse(props);
    this.field = config.string('field');
    this.type = config.string('target.type') as TimestampType;
    const pattern = config.string('format');
    this.unixPrecision = config.string('unix.precision') as UnixPrecision;
    this.replaceNullWithDefault = config.boolean('replace.null.with.default');
    if (this.type === 'string' && pattern.trim() === '') {
      throw configError('format', pattern, 'TimestampConverter requires format option to be specified when using string timestamps');
    }
    this.format = pattern.trim() === '' ? null : compileFormat('format', pattern);
  }

  apply<R extends ConnectRecord>(record: R): R {
    const schema = operatingSchema(record, this.side);
    const raw = operatingValue(record, this.side);
    if (schema === null) {
      if (raw === null || raw === undefined || this.field === '') return newRecord(record, this.side, null, this.convert(raw ?? null, null));
      const value = requireMap(raw, PURPOSE);
      return newRecord(record, this.side, null, mapWith(value, [[this.field, this.convert(mapGet(value, this.field), null)]]));
    }
    if (this.field === '') {
      return newRecord(record, this.side, typeSchema(this.type, schema.optional), this.convert(raw ?? null, timestampTypeFromSchema(schema)));
    }
    const value = requireStructOrNull(raw, PURPOSE);
    const updatedSchema = this.cache.get(schema, () => {
      const builder = copySchemaBasics(schema, SchemaBuilder.struct());
      for (const f of schema.fields ?? []) {
        builder.field(f.name, f.name === this.field ? typeSchema(this.type, f.schema.optional) : f.schema);
      }
      if (schema.optional) builder.optional();
      if (schema.defaultValue instanceof Struct) {
        const withoutDefault = builder.build();
        builder.defaultValue(this.convertStruct(schema.defaultValue, withoutDefault));
      }
      return builder.build();
    });
    return newRecord(record, this.side, updatedSchema, this.convertStruct(value, updatedSchema));
  }

  private convertStruct(value: Struct | null, updatedSchema: Schema): Struct | null {
    if (value === null) return null;
    const updated = new Struct(updatedSchema);
    for (const f of value.schema.fields ?? []) {
      const v = fieldValue(value, f.name, this.replaceNullWithDefault);
      updated.put(f.name, f.name === this.field ? this.convert(v, timestampTypeFromSchema(f.schema)) : v);
    }
    return updated;
  }

  private convert(timestamp: unknown, sourceType: TimestampType | null): unknown {
    if (timestamp === null || timestamp === undefined) return null;
    const from = sourceType ?? inferTimestampType(timestamp);
    return this.toType(this.toRaw(from, timestamp));
  }

  /** Any supported representation → epoch millis. */
  private toRaw(type: TimestampType, orig: unknown): number {
    switch (type) {
      case 'string': {
        if (typeof orig !== 'string') throw new DataException(`Expected string timestamp to be a String, but found class ${javaClassName(orig)}`);
        const parsed = this.format?.parse(orig) ?? null;
        if (parsed === null) {
          throw new DataException(`Could not parse timestamp: value (${orig}) does not match pattern (${this.format?.pattern ?? ''})`);
        }
        return parsed.getTime();
      }
      case 'unix': {
        if (typeof orig !== 'bigint' && !(typeof orig === 'number' && Number.isInteger(orig))) {
          throw new DataException(`Expected Unix timestamp to be a Long, but found class ${javaClassName(orig)}`);
        }
        const n = BigInt(orig);
        const factor = UNIX_FACTOR[this.unixPrecision];
        // TimeUnit conversions truncate toward zero.
        return Number(this.unixPrecision === 'seconds' ? n * factor : n / factor);
      }
      default:
        if (!(orig instanceof Date)) throw new DataException(`Expected ${type} to be a java.util.Date, but found class ${javaClassName(orig)}`);
        return orig.getTime();
    }
  }

  private toType(millis: number): unknown {
    switch (this.type) {
      case 'string': return this.format!.format(new Date(millis));
      case 'unix': {
        const n = BigInt(millis);
        const factor = UNIX_FACTOR[this.unixPrecision];
        return toInt64(this.unixPrecision === 'seconds' ? n / factor : n * factor);
      }
      case 'Date': return new Date(Math.floor(millis / DAY_MS) * DAY_MS);
      case 'Time': return new Date(((millis % DAY_MS) + DAY_MS) % DAY_MS);
      case 'Timestamp': return new Date(millis);
    }
  }

  config(): ConfigDef {
    return TIMESTAMP_CONVERTER_CONFIG_DEF;
  }

  close(): void {
    this.cache.clear();
  }
}

function timestampTypeFromSchema(schema: Schema): TimestampType {
  if (schema.name === ConnectTimestamp.LOGICAL_NAME) return 'Timestamp';
  if (schema.name === ConnectDate.LOGICAL_NAME) return 'Date';
  if (schema.name === ConnectTime.LOGICAL_NAME) return 'Time';
  if (schema.type === 'string') return 'string';
  if (schema.type === 'int64') return 'unix';
  throw new ConnectException(`Schema ${schema.name ?? schema.type} does not correspond to a known timestamp type format`);
}

function inferTimestampType(value: unknown): TimestampType {
  if (value instanceof Date) return 'Timestamp';
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) return 'unix';
  if (typeof value === 'string') return 'string';
  throw new DataException(`TimestampConverter does not support class ${javaClassName(value)} objects as timestamps`);
}

export class TimestampConverterKey extends TimestampConverter {
  constructor() { super('key'); }
}
export class TimestampConverterValue extends TimestampConverter {
  constructor() { super('value'); }
}
