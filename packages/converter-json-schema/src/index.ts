export { JsonSchemaConverter } from './json-schema-converter.js';
export { JsonSchemaConverterConfig, JSON_SCHEMA_CONVERTER_CONFIG_DEF } from './json-schema-converter-config.js';
// The client (and its types) are re-exported so `new JsonSchemaConverter(client)` needs no second import;
// strategies and the wire format live in @tsconnect/schema-registry-client.
export { SchemaRegistryClient, RestClientException, type RegisteredSchema, type SchemaRegistryClientOptions } from '@tsconnect/schema-registry-client';
export { fromConnectSchema, fromConnectSchemaText, type FromConnectOptions } from './from-connect-schema.js';
export { toConnectSchema, type ToConnectOptions } from './to-connect-schema.js';
export { tsconnectPlugins } from './plugins.js';
