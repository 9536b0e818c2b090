import { Validators, type ConfigDef } from '@tsconnect/sdk';
import { SchemaRegistryConfig, schemaRegistryConfigDef } from '@tsconnect/schema-registry-client';

/** Config keys of Confluent's JsonSchemaConverter (serde + JsonSchemaDataConfig), same names and defaults. */
export const JsonSchemaConverterConfig = {
  ...SchemaRegistryConfig,
  DECIMAL_FORMAT: 'decimal.format',
  OBJECT_ADDITIONAL_PROPERTIES: 'object.additional.properties',
  USE_OPTIONAL_FOR_NON_REQUIRED: 'use.optional.for.nonrequired',
} as const;

const C = JsonSchemaConverterConfig;

/** The registry keys every registry-based converter shares, then JsonSchemaDataConfig's. */
export const JSON_SCHEMA_CONVERTER_CONFIG_DEF: ConfigDef = schemaRegistryConfigDef()
  .define({ name: C.DECIMAL_FORMAT, type: 'STRING', defaultValue: 'BASE64', importance: 'LOW',
    validator: Validators.in(['BASE64', 'NUMERIC']),
    documentation: 'How Decimal values are written: BASE64 (a string of the two\'s-complement bytes) or NUMERIC (a JSON number).' })
  .define({ name: C.OBJECT_ADDITIONAL_PROPERTIES, type: 'BOOLEAN', defaultValue: true, importance: 'LOW',
    documentation: 'Whether struct schemas allow additional properties (false writes "additionalProperties":false).' })
  .define({ name: C.USE_OPTIONAL_FOR_NON_REQUIRED, type: 'BOOLEAN', defaultValue: false, importance: 'LOW',
    documentation: 'Whether properties not listed in "required" become optional Connect fields.' });
