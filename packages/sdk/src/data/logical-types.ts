import { SchemaBuilder } from './schema-builder.js';

/** Kafka Connect's logical types: names and builders as in org.apache.kafka.connect.data. */
export const Decimal = {
  LOGICAL_NAME: 'org.apache.kafka.connect.data.Decimal',
  SCALE_FIELD: 'scale',
  /** bytes holding the two's-complement big-endian unscaled value; scale in the parameters. */
  builder: (scale: number): SchemaBuilder =>
    SchemaBuilder.bytes().name(Decimal.LOGICAL_NAME).parameter(Decimal.SCALE_FIELD, String(scale)).version(1),
} as const;

export const ConnectDate = {
  LOGICAL_NAME: 'org.apache.kafka.connect.data.Date',
  /** int32 days since the Unix epoch. */
  builder: (): SchemaBuilder => SchemaBuilder.int32().name(ConnectDate.LOGICAL_NAME).version(1),
} as const;

export const ConnectTime = {
  LOGICAL_NAME: 'org.apache.kafka.connect.data.Time',
  /** int32 milliseconds since midnight. */
  builder: (): SchemaBuilder => SchemaBuilder.int32().name(ConnectTime.LOGICAL_NAME).version(1),
} as const;

export const ConnectTimestamp = {
  LOGICAL_NAME: 'org.apache.kafka.connect.data.Timestamp',
  /** int64 milliseconds since the Unix epoch. */
  builder: (): SchemaBuilder => SchemaBuilder.int64().name(ConnectTimestamp.LOGICAL_NAME).version(1),
} as const;
