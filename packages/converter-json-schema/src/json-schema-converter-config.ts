import { ConfigDef, Validators } from '@tsconnect/sdk';

/** Config keys of Confluent's JsonSchemaConverter (serde + JsonSchemaDataConfig), same names and defaults. */
export const JsonSchemaConverterConfig = {
  SCHEMA_REGISTRY_URL_CONFIG: 'schema.registry.url',
  AUTO_REGISTER_SCHEMAS: 'auto.register.schemas',
  USE_LATEST_VERSION: 'use.latest.version',
  KEY_SUBJECT_NAME_STRATEGY: 'key.subject.name.strategy',
  VALUE_SUBJECT_NAME_STRATEGY: 'value.subject.name.strategy',
  BASIC_AUTH_CREDENTIALS_SOURCE: 'basic.auth.credentials.source',
  USER_INFO_CONFIG: 'basic.auth.user.info',
  SCHEMA_REGISTRY_USER_INFO_CONFIG: 'schema.registry.basic.auth.user.info',
  REQUEST_TIMEOUT_MS: 'schema.registry.request.timeout.ms',
  DECIMAL_FORMAT: 'decimal.format',
  OBJECT_ADDITIONAL_PROPERTIES: 'object.additional.properties',
  USE_OPTIONAL_FOR_NON_REQUIRED: 'use.optional.for.nonrequired',
} as const;

const C = JsonSchemaConverterConfig;
const DEFAULT_STRATEGY = 'io.confluent.kafka.serializers.subject.TopicNameStrategy';

export const JSON_SCHEMA_CONVERTER_CONFIG_DEF: ConfigDef = new ConfigDef()
  .define({ name: C.SCHEMA_REGISTRY_URL_CONFIG, type: 'LIST', importance: 'HIGH',
    documentation: 'Comma-separated list of URLs for Schema Registry instances that can be used to register or look up schemas.' })
  .define({ name: C.AUTO_REGISTER_SCHEMAS, type: 'BOOLEAN', defaultValue: true, importance: 'MEDIUM',
    documentation: 'Specify if the Serializer should attempt to register the Schema with Schema Registry.' })
  .define({ name: C.USE_LATEST_VERSION, type: 'BOOLEAN', defaultValue: false, importance: 'LOW',
    documentation: 'Specify if the Serializer should use the latest subject version for serialization.' })
  .define({ name: C.KEY_SUBJECT_NAME_STRATEGY, type: 'CLASS', defaultValue: DEFAULT_STRATEGY, importance: 'MEDIUM',
    documentation: 'How to construct the subject name under which the key schema is registered.' })
  .define({ name: C.VALUE_SUBJECT_NAME_STRATEGY, type: 'CLASS', defaultValue: DEFAULT_STRATEGY, importance: 'MEDIUM',
    documentation: 'How to construct the subject name under which the value schema is registered.' })
  .define({ name: C.BASIC_AUTH_CREDENTIALS_SOURCE, type: 'STRING', defaultValue: 'URL', importance: 'MEDIUM',
    validator: Validators.in(['URL', 'USER_INFO']),
    documentation: 'Where the basic auth credentials come from: URL (user:password@ in schema.registry.url) or USER_INFO.' })
  .define({ name: C.USER_INFO_CONFIG, type: 'PASSWORD', defaultValue: '', importance: 'MEDIUM',
    documentation: 'Basic auth user info in the form {username}:{password}.' })
  .define({ name: C.SCHEMA_REGISTRY_USER_INFO_CONFIG, type: 'PASSWORD', defaultValue: '', importance: 'LOW',
    documentation: 'Alias of basic.auth.user.info.' })
  .define({ name: C.REQUEST_TIMEOUT_MS, type: 'INT', defaultValue: 30000, importance: 'LOW', validator: Validators.atLeast(1),
    documentation: 'How long one request to the schema registry may take.' })
  .define({ name: C.DECIMAL_FORMAT, type: 'STRING', defaultValue: 'BASE64', importance: 'LOW',
    validator: Validators.in(['BASE64', 'NUMERIC']),
    documentation: 'How Decimal values are written: BASE64 (a string of the two\'s-complement bytes) or NUMERIC (a JSON number).' })
  .define({ name: C.OBJECT_ADDITIONAL_PROPERTIES, type: 'BOOLEAN', defaultValue: true, importance: 'LOW',
    documentation: 'Whether struct schemas allow additional properties (false writes "additionalProperties":false).' })
  .define({ name: C.USE_OPTIONAL_FOR_NON_REQUIRED, type: 'BOOLEAN', defaultValue: false, importance: 'LOW',
    documentation: 'Whether properties not listed in "required" become optional Connect fields.' });
