import type { ConfigDef } from '@tsconnect/sdk';
import { SchemaRegistryConfig, schemaRegistryConfigDef } from '@tsconnect/schema-registry-client';

/**
 * Config keys of Confluent's AvroConverter / AbstractKafkaSchemaSerDeConfig, same names and defaults:
 * exactly the registry keys every registry-based converter shares.
 */
export const AvroConverterConfig = { ...SchemaRegistryConfig } as const;

export const AVRO_CONVERTER_CONFIG_DEF: ConfigDef = schemaRegistryConfigDef();
