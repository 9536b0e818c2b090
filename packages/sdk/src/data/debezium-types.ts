import { SchemaBuilder } from './schema-builder.js';

/**
 * Debezium's semantic types: plain Connect schemas with well-known names. Consumers written for
 * Debezium look at these names, so the Postgres connector must use them verbatim.
 */
const semantic = (name: string, base: () => SchemaBuilder) => ({
  SCHEMA_NAME: name,
  builder: (): SchemaBuilder => base().name(name).version(1),
});

export const DebeziumTypes = {
  Date: semantic('io.debezium.time.Date', SchemaBuilder.int32),
  Time: semantic('io.debezium.time.Time', SchemaBuilder.int32),
  MicroTime: semantic('io.debezium.time.MicroTime', SchemaBuilder.int64),
  NanoTime: semantic('io.debezium.time.NanoTime', SchemaBuilder.int64),
  ZonedTime: semantic('io.debezium.time.ZonedTime', SchemaBuilder.string),
  Timestamp: semantic('io.debezium.time.Timestamp', SchemaBuilder.int64),
  MicroTimestamp: semantic('io.debezium.time.MicroTimestamp', SchemaBuilder.int64),
  NanoTimestamp: semantic('io.debezium.time.NanoTimestamp', SchemaBuilder.int64),
  ZonedTimestamp: semantic('io.debezium.time.ZonedTimestamp', SchemaBuilder.string),
  MicroDuration: semantic('io.debezium.time.MicroDuration', SchemaBuilder.int64),
  Interval: semantic('io.debezium.time.Interval', SchemaBuilder.string),
  Json: semantic('io.debezium.data.Json', SchemaBuilder.string),
  Xml: semantic('io.debezium.data.Xml', SchemaBuilder.string),
  Uuid: semantic('io.debezium.data.Uuid', SchemaBuilder.string),
  Enum: semantic('io.debezium.data.Enum', SchemaBuilder.string),
  Bits: semantic('io.debezium.data.Bits', SchemaBuilder.bytes),
  VariableScaleDecimal: {
    SCHEMA_NAME: 'io.debezium.data.VariableScaleDecimal',
    builder: (): SchemaBuilder =>
      SchemaBuilder.struct()
        .name('io.debezium.data.VariableScaleDecimal')
        .version(1)
        .doc('Variable scaled decimal')
        .field('scale', SchemaBuilder.int32().build())
        .field('value', SchemaBuilder.bytes().build()),
  },
} as const;
