import { ConfigDef, ConfigException, Validators, type ParsedConfig } from '@tsconnect/sdk';
import type { SchemaRegistryClientOptions, SchemaType } from './schema-registry-client.js';
import { subjectNameStrategy, type SubjectNameStrategy } from './subject-name-strategy.js';

/** Config keys every Confluent registry-based converter shares (AbstractKafkaSchemaSerDeConfig), same names and defaults. */
export const SchemaRegistryConfig = {
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

const C = SchemaRegistryConfig;
const DEFAULT_STRATEGY = 'io.confluent.kafka.serializers.subject.TopicNameStrategy';

/** A new ConfigDef with the shared keys; a converter adds its own keys to it. */
export function schemaRegistryConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({ name: C.SCHEMA_REGISTRY_URL_CONFIG, type: 'LIST', importance: 'HIGH',
      documentation: 'Comma-separated list of URLs for Schema Registry instances that can be used to register or look up schemas.' })
    .define({ name: C.AUTO_REGISTER_SCHEMAS, type: 'BOOLEAN', defaultValue: true, importance: 'MEDIUM',
      documentation: 'Specify if the Serializer should attempt to register the Schema with Schema Registry.' })
    .define({ name: C.USE_LATEST_VERSION, type: 'BOOLEAN', defaultValue: false, importance: 'LOW',
      documentation: 'Specify if the Serializer should use the latest subject version for serialization.' })
    .define({ name: C.KEY_SUBJECT_NAME_STRATEGY, type: 'CLASS', defaultValue: DEFAULT_STRATEGY, importance: 'MEDIUM',
      documentation: 'Determines how to construct the subject name under which the key schema is registered with the schema registry.' })
    .define({ name: C.VALUE_SUBJECT_NAME_STRATEGY, type: 'CLASS', defaultValue: DEFAULT_STRATEGY, importance: 'MEDIUM',
      documentation: 'Determines how to construct the subject name under which the value schema is registered with the schema registry.' })
    .define({ name: C.BASIC_AUTH_CREDENTIALS_SOURCE, type: 'STRING', defaultValue: 'URL', importance: 'MEDIUM',
      validator: Validators.in(['URL', 'USER_INFO']),
      documentation: 'Where the basic auth credentials come from: URL (user:password@ in schema.registry.url) or USER_INFO (basic.auth.user.info).' })
    .define({ name: C.USER_INFO_CONFIG, type: 'PASSWORD', defaultValue: '', importance: 'MEDIUM',
      documentation: 'Specify the user info for Basic Auth in the form of {username}:{password}.' })
    .define({ name: C.SCHEMA_REGISTRY_USER_INFO_CONFIG, type: 'PASSWORD', defaultValue: '', importance: 'LOW',
      documentation: 'Alias of basic.auth.user.info.' })
    .define({ name: C.REQUEST_TIMEOUT_MS, type: 'INT', defaultValue: 30000, importance: 'LOW', validator: Validators.atLeast(1),
      documentation: 'How long one request to the schema registry may take.' });
}

/** The shared settings of one converter side, checked beyond what the ConfigDef can check. */
export interface SchemaRegistrySettings {
  readonly autoRegisterSchemas: boolean;
  readonly useLatestVersion: boolean;
  readonly subjectNameStrategy: SubjectNameStrategy;
  /** Ready for `new SchemaRegistryClient(…)`. */
  readonly client: SchemaRegistryClientOptions;
}

/** Reads the shared keys from a config parsed with (a superset of) `schemaRegistryConfigDef()`. */
export function schemaRegistrySettings(config: ParsedConfig, isKey: boolean, schemaType: SchemaType): SchemaRegistrySettings {
  const strategyKey = isKey ? C.KEY_SUBJECT_NAME_STRATEGY : C.VALUE_SUBJECT_NAME_STRATEGY;
  const strategy = subjectNameStrategy(strategyKey, config.string(strategyKey));
  const urls = config.list(C.SCHEMA_REGISTRY_URL_CONFIG).map((u) => u.trim()).filter(Boolean);
  for (const url of urls) {
    if (!/^https?:\/\//.test(url)) throw new ConfigException(C.SCHEMA_REGISTRY_URL_CONFIG, url, 'expected an http:// or https:// URL');
  }
  if (urls.length === 0) throw new ConfigException(C.SCHEMA_REGISTRY_URL_CONFIG, config.originals[C.SCHEMA_REGISTRY_URL_CONFIG], 'at least one URL is required');
  let userInfo: string | undefined;
  if (config.string(C.BASIC_AUTH_CREDENTIALS_SOURCE) === 'USER_INFO') {
    userInfo = config.password(C.USER_INFO_CONFIG) || config.password(C.SCHEMA_REGISTRY_USER_INFO_CONFIG) || undefined;
    if (!userInfo?.includes(':')) {
      throw new ConfigException(C.USER_INFO_CONFIG, userInfo === undefined ? undefined : '[hidden]', 'basic.auth.credentials.source=USER_INFO needs {username}:{password}');
    }
  }
  return {
    autoRegisterSchemas: config.boolean(C.AUTO_REGISTER_SCHEMAS),
    useLatestVersion: config.boolean(C.USE_LATEST_VERSION),
    subjectNameStrategy: strategy,
    client: { urls, schemaType, requestTimeoutMs: config.int(C.REQUEST_TIMEOUT_MS), ...(userInfo !== undefined && { userInfo }) },
  };
}
