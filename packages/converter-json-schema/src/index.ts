export { JsonSchemaConverter } from './json-schema-converter.js';
export { JsonSchemaConverterConfig, JSON_SCHEMA_CONVERTER_CONFIG_DEF } from './json-schema-converter-config.js';
export { SchemaRegistryClient, RestClientException, type RegisteredSchema, type SchemaRegistryClientOptions } from './schema-registry-client.js';
export { TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy, subjectNameStrategy, type SubjectNameStrategy } from './subject-name-strategy.js';
export { fromConnectSchema, fromConnectSchemaText, type FromConnectOptions } from './from-connect-schema.js';
export { toConnectSchema, type ToConnectOptions } from './to-connect-schema.js';
export { frame, unframe, MAGIC_BYTE } from './wire-format.js';
export { tsconnectPlugins } from './plugins.js';
