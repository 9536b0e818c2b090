export { AvroConverter } from './avro-converter.js';
export { AvroConverterConfig, AVRO_CONVERTER_CONFIG_DEF } from './avro-converter-config.js';
// The client (and its types) are re-exported so `new AvroConverter(client)` needs no second import;
// strategies and the wire format live in @tsconnect/schema-registry-client.
export { SchemaRegistryClient, RestClientException, type RegisteredSchema, type SchemaRegistryClientOptions } from '@tsconnect/schema-registry-client';
export { fromConnectSchema } from './from-connect-schema.js';
export { toConnectSchema } from './to-connect-schema.js';
export { parseAvroSchema, type AvroNode, type AvroField, type JsonValue } from './avro-node.js';
export { writeAvroSchema } from './avro-json.js';
export { tsconnectPlugins } from './plugins.js';
