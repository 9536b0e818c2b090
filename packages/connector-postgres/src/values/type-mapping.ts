import {
  ConnectDate, ConnectTime, ConnectTimestamp, DebeziumTypes, SchemaBuilder, type Schema,
} from '@tsconnect/sdk';
import { PgType, parseByteaText } from '@tsconnect/pgoutput';
import type { DecimalHandlingMode, IntervalHandlingMode, TimePrecisionMode } from '../config/event-config.js';
import { convertInt64, convertMoney, convertNumeric, moneySchema, numericSchema } from './numeric-values.js';
import { arrayElements } from './pg-array-literal.js';
import {
  epochDays, epochMicros, floorDiv, intervalIso, intervalMicroDuration, timeMicros, toSafeNumber, zonedTime,
  zonedTimestamp,
} from './temporal-values.js';

/** What the mapping needs to know about a column's type (base type for domains). */
export interface PgColumnType {
  readonly typeOid: number;
  /** atttypmod: -1 when the column has no modifier. */
  readonly typmod: number;
  readonly typeName: string;
  /** Labels of an enum type (or of an array's enum element type). */
  readonly enumValues?: readonly string[];
  /** Element type of an array column. */
  readonly elementOid?: number;
  readonly elementTypeName?: string;
}

export interface ValueOptions {
  readonly decimalHandlingMode: DecimalHandlingMode;
  readonly timePrecisionMode: TimePrecisionMode;
  readonly intervalHandlingMode: IntervalHandlingMode;
  readonly includeUnknownDatatypes: boolean;
}

/** How one column's values are represented: a Connect schema and a converter from PostgreSQL text. */
export interface TypeMapping {
  schema(): SchemaBuilder;
  convert(text: string): unknown;
}

const TEXT_OIDS: ReadonlySet<number> = new Set<number>([
  PgType.text, PgType.varchar, PgType.bpchar, PgType.name, PgType.char, PgType.inet, PgType.cidr, PgType.macaddr,
  PgType.macaddr8,
  3904, 3906, 3908, 3910, 3912, 3926, // int4range, numrange, tsrange, tstzrange, daterange, int8range
]);
const JSON_OIDS: ReadonlySet<number> = new Set<number>([PgType.json, PgType.jsonb]);
const MICROS_PER_MILLI = 1000n;

/** Fraction digits of a time/timestamp column: the declared precision, 6 when undeclared. */
export function timePrecision(typmod: number): number {
  return typmod < 0 ? 6 : typmod;
}

const identity = (s: string): string => s;

/**
 * The Connect mapping of a PostgreSQL type, following Debezium's PostgresValueConverter
 * defaults; null when Debezium would leave the column out (unknown type, include.unknown.datatypes off).
 */
export function typeMapping(type: PgColumnType, options: ValueOptions): TypeMapping | null {
  const { typeOid: oid, typmod } = type;
  const map = (schema: () => SchemaBuilder, convert: (text: string) => unknown): TypeMapping => ({ schema, convert });
  switch (oid) {
    case PgType.bool: return map(SchemaBuilder.bool, (s) => s === 't' || s === 'true');
    case PgType.int2: return map(SchemaBuilder.int16, Number);
    case PgType.int4: return map(SchemaBuilder.int32, Number);
    case PgType.int8: return map(SchemaBuilder.int64, convertInt64);
    case PgType.oid: return map(SchemaBuilder.int64, convertInt64);
    case PgType.float4: return map(SchemaBuilder.float32, Number);
    case PgType.float8: return map(SchemaBuilder.float64, Number);
    case PgType.numeric:
      return map(() => numericSchema(typmod, options.decimalHandlingMode), (s) => convertNumeric(s, typmod, options.decimalHandlingMode));
    case PgType.money:
      return map(() => moneySchema(options.decimalHandlingMode), (s) => convertMoney(s, options.decimalHandlingMode));
    case PgType.bytea: return map(SchemaBuilder.bytes, parseByteaText);
    case PgType.uuid: return map(DebeziumTypes.Uuid.builder, identity);
    case PgType.json:
    case PgType.jsonb: return map(DebeziumTypes.Json.builder, identity);
    case PgType.xml: return map(DebeziumTypes.Xml.builder, identity);
    case PgType.date: return dateMapping(options.timePrecisionMode);
    case PgType.time: return timeMapping(timePrecision(typmod), options.timePrecisionMode);
    case PgType.timestamp: return timestampMapping(timePrecision(typmod), options.timePrecisionMode);
    case PgType.timestamptz:
      return map(DebeziumTypes.ZonedTimestamp.builder, (s) => zonedTimestamp(s, timePrecision(typmod)));
    case PgType.timetz: return map(DebeziumTypes.ZonedTime.builder, zonedTime);
    case PgType.interval:
      return options.intervalHandlingMode === 'string'
        ? map(DebeziumTypes.Interval.builder, intervalIso)
        : map(DebeziumTypes.MicroDuration.builder, intervalMicroDuration);
    case PgType.bit:
    case PgType.varbit: {
      const length = typmod > 0 ? typmod : oid === PgType.bit ? 1 : Number.MAX_SAFE_INTEGER;
      if (length === 1) return map(SchemaBuilder.bool, (s) => /1/.test(s));
      return map(() => DebeziumTypes.Bits.builder().parameter('length', String(length)), bitsToBytes);
    }
  }
  if (TEXT_OIDS.has(oid)) return map(SchemaBuilder.string, identity);
  if (type.elementOid !== undefined) return arrayMapping(type, options);
  if (type.enumValues) {
    const allowed = type.enumValues.join(',');
    return map(() => DebeziumTypes.Enum.builder().parameter('allowed', allowed), identity);
  }
  if (type.typeName === 'citext' || type.typeName === 'isbn') return map(SchemaBuilder.string, identity);
  if (JSON_OIDS.has(oid)) return map(DebeziumTypes.Json.builder, identity);
  return options.includeUnknownDatatypes ? map(SchemaBuilder.bytes, (s) => Buffer.from(s, 'utf8')) : null;
}

function dateMapping(mode: TimePrecisionMode): TypeMapping {
  if (mode === 'connect') {
    return { schema: ConnectDate.builder, convert: (s) => new Date(epochDays(s) * 86_400_000) };
  }
  return { schema: DebeziumTypes.Date.builder, convert: epochDays };
}

function timeMapping(precision: number, mode: TimePrecisionMode): TypeMapping {
  if (mode === 'connect') return { schema: ConnectTime.builder, convert: (s) => new Date(Math.floor(timeMicros(s) / 1000)) };
  if (mode === 'adaptive' && precision <= 3) {
    return { schema: DebeziumTypes.Time.builder, convert: (s) => Math.floor(timeMicros(s) / 1000) };
  }
  // PostgreSQL stores at most microseconds, so precision > 6 cannot occur.
  return { schema: DebeziumTypes.MicroTime.builder, convert: timeMicros };
}

function timestampMapping(precision: number, mode: TimePrecisionMode): TypeMapping {
  if (mode === 'connect') {
    return { schema: ConnectTimestamp.builder, convert: (s) => new Date(Number(floorDiv(epochMicros(s), MICROS_PER_MILLI))) };
  }
  if (precision <= 3) {
    return { schema: DebeziumTypes.Timestamp.builder, convert: (s) => toSafeNumber(floorDiv(epochMicros(s), MICROS_PER_MILLI)) };
  }
  return { schema: DebeziumTypes.MicroTimestamp.builder, convert: (s) => toSafeNumber(epochMicros(s)) };
}

/** Bit string → little-endian bytes of its value, minimal length (Debezium's BitSet.toByteArray). */
export function bitsToBytes(text: string): Buffer {
  let n = text === '' ? 0n : BigInt(`0b${text}`);
  const out: number[] = [];
  while (n > 0n) {
    out.push(Number(n & 0xffn));
    n >>= 8n;
  }
  return Buffer.from(out);
}

/** Element types Debezium maps for arrays; others (money, interval, xml, name, varbit) have no mapping. */
const UNMAPPED_ARRAY_ELEMENTS: ReadonlySet<number> = new Set<number>([
  PgType.money, PgType.interval, PgType.xml, PgType.name, PgType.varbit, PgType.bit,
]);

function arrayMapping(type: PgColumnType, options: ValueOptions): TypeMapping | null {
  const elementOid = type.elementOid!;
  if (UNMAPPED_ARRAY_ELEMENTS.has(elementOid)) {
    return options.includeUnknownDatatypes ? { schema: SchemaBuilder.bytes, convert: (s) => Buffer.from(s, 'utf8') } : null;
  }
  const element = typeMapping(
    { typeOid: elementOid, typmod: type.typmod, typeName: type.elementTypeName ?? '', ...(type.enumValues && { enumValues: type.enumValues }) },
    { ...options, includeUnknownDatatypes: false },
  );
  if (!element) return options.includeUnknownDatatypes ? { schema: SchemaBuilder.bytes, convert: (s) => Buffer.from(s, 'utf8') } : null;
  // Debezium's enum arrays keep required elements; every other element schema is optional.
  const elementSchema: Schema = type.enumValues ? element.schema().build() : element.schema().optional().build();
  return {
    schema: () => SchemaBuilder.array(elementSchema),
    convert: (text) => arrayElements(text).map((e) => (e === null ? null : element.convert(e))),
  };
}
