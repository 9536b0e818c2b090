export { SchemaRegistryClient, type SchemaRegistryClientOptions, type RegisteredSchema, type SchemaType } from './schema-registry-client.js';
export { RestClientException, SCHEMA_NOT_FOUND, registryDataException } from './rest-client-exception.js';
export { ReaderSchemaCache, schemaVersion } from './reader-schemas.js';
export {
  TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy, subjectNameStrategy, type SubjectNameStrategy, type ParsedSchema,
} from './subject-name-strategy.js';
export { SchemaRegistryConfig, schemaRegistryConfigDef, schemaRegistrySettings, type SchemaRegistrySettings } from './schema-registry-config.js';
export { frame, unframe, MAGIC_BYTE, ID_SIZE } from './wire-format.js';
