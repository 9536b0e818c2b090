import { ConfigDef, Validators } from '@tsconnect/sdk';

/** Config keys of Confluent's AvroConverter / AbstractKafkaSchemaSerDeConfig, same names and defaults. */
export const AvroConverterConfig = {
  SCHEMA_REGISTRY_URL_CONFIG: 'schema.registry.url',
  AUTO_REGISTER_SCHEMAS: 'auto.register.schemas',
  USE_LATEST_VERSION: 'use.latest.version',
  KEY_SUBJECT_NAME_STRATEGY: 'key.subject.name.strategy',
  VALUE_SUBJECT_NAME_STRATEGY: 'value.subject.name.strategy',
  BASIC_AUTH_CREDENTIALS_SOURCE: 'basic.auth.credentials.source',
  USER_INFO_CONFIG: 'basic.auth.user.info',
  /** Accepted as an alias of basic.auth.user.info, as Confluent does. */
  SCHEMA_REGISTRY_USER_INFO_CONFIG: 'schema.registry.basic.auth.user.info',
  REQUEST_TIMEOUT_MS: 'schema.registry.request.timeout.ms',
} as const;

const DEFAULT_STRATEGY = 'io.confluent.kafka.serializers.subject.TopicNameStrategy';

export const AVRO_CONVERTER_CONFIG_DEF: ConfigDef = new ConfigDef()
  .define({
    name: AvroConverterConfig.SCHEMA_REGISTRY_URL_CONFIG, type: 'LIST', importance: 'HIGH',
    documentation: 'Comma-separated list of URLs for Schema Registry instances that can be used to register or look up schemas.',
  })
  .define({
    name: AvroConverterConfig.AUTO_REGISTER_SCHEMAS, type: 'BOOLEAN', defaultValue: true, importance: 'MEDIUM',
    documentation: 'Specify if the Serializer should attempt to register the Schema with Schema Registry.',
  })
  .define({
    name: AvroConverterConfig.USE_LATEST_VERSION, type: 'BOOLEAN', defaultValue: false, importance: 'LOW',
    documentation: 'Specify if the Serializer should use the latest subject version for serialization.',
  })
  .define({
    name: AvroConverterConfig.KEY_SUBJECT_NAME_STRATEGY, type: 'CLASS', defaultValue: DEFAULT_STRATEGY, importance: 'MEDIUM',
    documentation: 'Determines how to construct the subject name under which the key schema is registered with the schema registry.',
  })
  .define({
    name: AvroConverterConfig.VALUE_SUBJECT_NAME_STRATEGY, type: 'CLASS', defaultValue: DEFAULT_STRATEGY, importance: 'MEDIUM',
    documentation: 'Determines how to construct the subject name under which the value schema is registered with the schema registry.',
  })
  .define({
    name: AvroConverterConfig.BASIC_AUTH_CREDENTIALS_SOURCE, type: 'STRING', defaultValue: 'URL', importance: 'MEDIUM',
    validator: Validators.in(['URL', 'USER_INFO']),
    documentation: 'Where the basic auth credentials come from: URL (user:password@ in schema.registry.url) or USER_INFO (basic.auth.user.info).',
  })
  .define({
    name: AvroConverterConfig.USER_INFO_CONFIG, type: 'PASSWORD', defaultValue: '', importance: 'MEDIUM',
    documentation: 'Specify the user info for Basic Auth in the form of {username}:{password}.',
  })
  .define({
    name: AvroConverterConfig.SCHEMA_REGISTRY_USER_INFO_CONFIG, type: 'PASSWORD', defaultValue: '', importance: 'LOW',
    documentation: 'Alias of basic.auth.user.info.',
  })
  .define({
    name: AvroConverterConfig.REQUEST_TIMEOUT_MS, type: 'INT', defaultValue: 30000, importance: 'LOW', validator: Validators.atLeast(1),
    documentation: 'How long one request to the schema registry may take.',
  });
