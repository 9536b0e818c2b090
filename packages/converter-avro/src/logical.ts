import { ConnectDate, ConnectTime, ConnectTimestamp, DataException, Decimal, DecimalValue, type Schema } from '@tsconnect/sdk';

/** Names and properties shared with Confluent's AvroData, so schemas written by either read the same. */
export const AVRO_NAMESPACE = 'io.confluent.connect.avro';
export const DEFAULT_SCHEMA_NAME = 'ConnectDefault';
export const DEFAULT_SCHEMA_FULL_NAME = `${AVRO_NAMESPACE}.${DEFAULT_SCHEMA_NAME}`;
export const MAP_ENTRY_TYPE_NAME = 'MapEntry';
export const CONNECT_NAME_PROP = 'connect.name';
export const CONNECT_DOC_PROP = 'connect.doc';
export const CONNECT_VERSION_PROP = 'connect.version';
export const CONNECT_DEFAULT_VALUE_PROP = 'connect.default';
export const CONNECT_PARAMETERS_PROP = 'connect.parameters';
export const CONNECT_INTERNAL_TYPE_NAME = 'connect.internal.type';
export const CONNECT_TYPE_PROP = 'connect.type';
export const AVRO_RECORD_DOC_PROP = `${AVRO_NAMESPACE}.record.doc`;
export const AVRO_FIELD_DOC_PREFIX_PROP = `${AVRO_NAMESPACE}.field.doc.`;
export const AVRO_FIELD_DEFAULT_FLAG_PROP = `${AVRO_NAMESPACE}.field.default`;
export const AVRO_ENUM_DOC_PREFIX_PROP = `${AVRO_NAMESPACE}.enum.doc.`;
export const AVRO_ENUM_DEFAULT_PREFIX_PROP = `${AVRO_NAMESPACE}.enum.default.`;
export const AVRO_TYPE_UNION = `${AVRO_NAMESPACE}.Union`;
export const AVRO_TYPE_ENUM = `${AVRO_NAMESPACE}.Enum`;
export const CONNECT_AVRO_FIXED_SIZE_PROP = 'connect.fixed.size';
export const CONNECT_AVRO_DECIMAL_PRECISION_PROP = 'connect.decimal.precision';
export const CONNECT_AVRO_DECIMAL_PRECISION_DEFAULT = 64;
export const AVRO_LOGICAL_TYPE_PROP = 'logicalType';

const MS_PER_DAY = 86_400_000;

/** Connect logical value → the Avro primitive it is stored as (Java's toAvroLogical). */
export function toAvroLogical(schema: Schema, value: unknown, what: string): unknown {
  switch (schema.name) {
    case Decimal.LOGICAL_NAME: {
      if (!(value instanceof DecimalValue)) throw new DataException(`Decimal value expected for ${what}, got ${typeof value}`);
      const scale = Number(schema.parameters?.[Decimal.SCALE_FIELD] ?? 0);
      if (value.scale !== scale) {
        throw new DataException(`Decimal ${value.toString()} has scale ${value.scale}, but the schema of ${what} has scale ${scale}`);
      }
      return unscaledToBytes(value.unscaled);
    }
    case ConnectDate.LOGICAL_NAME: {
      const ms = dateMs(value, what);
      if (ms % MS_PER_DAY !== 0) throw new DataException(`Date ${String(value)} for ${what} has a time part; Connect Date must be midnight UTC`);
      return ms / MS_PER_DAY;
    }
    case ConnectTime.LOGICAL_NAME: {
      const ms = dateMs(value, what);
      if (ms < 0 || ms >= MS_PER_DAY) throw new DataException(`Time ${String(value)} for ${what} is outside 1970-01-01; Connect Time holds only the time of day`);
      return ms;
    }
    case ConnectTimestamp.LOGICAL_NAME:
      return BigInt(dateMs(value, what));
    default:
      return value;
  }
}

/** Avro primitive → Connect logical value (Java's toConnectLogical). */
export function toConnectLogical(schema: Schema, value: unknown): unknown {
  switch (schema.name) {
    case Decimal.LOGICAL_NAME:
      return new DecimalValue(bytesToUnscaled(value as Uint8Array), Number(schema.parameters?.[Decimal.SCALE_FIELD] ?? 0));
    case ConnectDate.LOGICAL_NAME:
      return new Date(Number(value) * MS_PER_DAY);
    case ConnectTime.LOGICAL_NAME:
    case ConnectTimestamp.LOGICAL_NAME:
      return new Date(Number(value));
    default:
      return value;
  }
}

function dateMs(value: unknown, what: string): number {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new DataException(`Date value expected for ${what}, got ${String(value)}`);
  return value.getTime();
}

/** Minimal two's-complement big-endian bytes, as Java's BigInteger.toByteArray(). */
export function unscaledToBytes(unscaled: bigint): Uint8Array {
  let bytes = 1;
  while (unscaled < -(1n << BigInt(8 * bytes - 1)) || unscaled >= 1n << BigInt(8 * bytes - 1)) bytes++;
  let v = BigInt.asUintN(8 * bytes, unscaled);
  const out = new Uint8Array(bytes);
  for (let i = bytes - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export function bytesToUnscaled(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return BigInt.asIntN(8 * bytes.length, v);
}
