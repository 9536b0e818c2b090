export { JsonConverter } from './json-converter.js';
export { JsonConverterConfig, JSON_CONVERTER_CONFIG_DEF, type DecimalFormat, type JsonConverterSettings } from './json-converter-config.js';
export { StringConverter, StringConverterConfig } from './string-converter.js';
export { ByteArrayConverter } from './byte-array-converter.js';
export { SimpleHeaderConverter } from './simple-header-converter.js';
// Jackson-compatible JSON text and tree helpers, public for the other JSON-based converters
// (converter-json-schema), as Confluent's converters share Jackson. Keep this list small.
export { JsonDecimal, parseJson, nodeType, type JsonNode, type JsonObject } from './json-node.js';
export { quote, base64, decodeBase64, toTwosComplement, fromTwosComplement } from './jackson-text.js';
export { tsconnectPlugins } from './plugins.js';
