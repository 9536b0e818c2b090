import { ConfigDef, Validators } from '@tsconnect/sdk';

/** Config keys of Kafka's JsonConverterConfig (Kafka 4.x), same names, defaults and validation. */
export const JsonConverterConfig = {
  TYPE_CONFIG: 'converter.type',
  SCHEMAS_ENABLE_CONFIG: 'schemas.enable',
  SCHEMAS_CACHE_SIZE_CONFIG: 'schemas.cache.size',
  SCHEMA_CONTENT_CONFIG: 'schema.content',
  DECIMAL_FORMAT_CONFIG: 'decimal.format',
  REPLACE_NULL_WITH_DEFAULT_CONFIG: 'replace.null.with.default',
} as const;

export type DecimalFormat = 'BASE64' | 'NUMERIC';
export type ConverterType = 'key' | 'value' | 'header';

/** `converter.type` as Kafka's ConverterConfig declares it; the worker sets it. */
export function converterConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: JsonConverterConfig.TYPE_CONFIG,
    type: 'STRING',
    validator: Validators.in(['key', 'value', 'header']),
    importance: 'LOW',
    documentation: 'How this converter will be used.',
  });
}

export const JSON_CONVERTER_CONFIG_DEF: ConfigDef = converterConfigDef()
  .define({
    name: JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, type: 'BOOLEAN', defaultValue: true, importance: 'HIGH',
    documentation: 'Include schemas within each of the serialized values and keys.',
    group: 'Schemas', orderInGroup: 0, width: 'MEDIUM', displayName: 'Enable Schemas',
  })
  .define({
    name: JsonConverterConfig.SCHEMAS_CACHE_SIZE_CONFIG, type: 'INT', defaultValue: 1000, importance: 'HIGH',
    documentation: 'The maximum number of schemas that can be cached in this converter instance.',
    group: 'Schemas', orderInGroup: 1, width: 'MEDIUM', displayName: 'Schema Cache Size',
  })
  .define({
    name: JsonConverterConfig.SCHEMA_CONTENT_CONFIG, type: 'STRING', defaultValue: null, importance: 'HIGH',
    documentation:
      'When set, this is used as the schema for all messages, and the schemas within each of the message will be ignored. ' +
      "This configuration applies only when 'schemas.enable' is true, and it exclusively affects the sink connector.",
    group: 'Schemas', orderInGroup: 2, width: 'MEDIUM', displayName: 'Schema Content',
  })
  .define({
    name: JsonConverterConfig.DECIMAL_FORMAT_CONFIG, type: 'STRING', defaultValue: 'BASE64', importance: 'LOW',
    validator: Validators.in(['BASE64', 'NUMERIC'], { caseInsensitive: true }),
    documentation:
      "Controls which format this converter will serialize decimals in. This value is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'",
    group: 'Serialization', orderInGroup: 0, width: 'MEDIUM', displayName: 'Decimal Format',
  })
  .define({
    name: JsonConverterConfig.REPLACE_NULL_WITH_DEFAULT_CONFIG, type: 'BOOLEAN', defaultValue: true, importance: 'LOW',
    documentation:
      'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.',
    group: 'Serialization', orderInGroup: 1, width: 'MEDIUM', displayName: 'Replace null with default',
  });

/** The typed settings the converter reads on every record. */
export interface JsonConverterSettings {
  readonly type: ConverterType;
  readonly schemasEnabled: boolean;
  readonly schemaCacheSize: number;
  readonly schemaContent: string | null;
  readonly decimalFormat: DecimalFormat;
  readonly replaceNullWithDefault: boolean;
}

export function parseJsonConverterConfig(props: Readonly<Record<string, unknown>>): JsonConverterSettings {
  const c = JSON_CONVERTER_CONFIG_DEF.parse(props);
  const content = c.optionalString(JsonConverterConfig.SCHEMA_CONTENT_CONFIG);
  return {
    type: c.string(JsonConverterConfig.TYPE_CONFIG) as ConverterType,
    schemasEnabled: c.boolean(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG),
    schemaCacheSize: c.int(JsonConverterConfig.SCHEMAS_CACHE_SIZE_CONFIG),
    schemaContent: content === null || content === '' ? null : content,
    decimalFormat: c.string(JsonConverterConfig.DECIMAL_FORMAT_CONFIG).toUpperCase() as DecimalFormat,
    replaceNullWithDefault: c.boolean(JsonConverterConfig.REPLACE_NULL_WITH_DEFAULT_CONFIG),
  };
}
