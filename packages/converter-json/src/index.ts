export { JsonConverter } from './json-converter.js';
export { JsonConverterConfig, JSON_CONVERTER_CONFIG_DEF, type DecimalFormat, type JsonConverterSettings } from './json-converter-config.js';
export { StringConverter, StringConverterConfig } from './string-converter.js';
export { ByteArrayConverter } from './byte-array-converter.js';
export { SimpleHeaderConverter } from './simple-header-converter.js';
export { JsonDecimal, parseJson, type JsonNode } from './json-node.js';
export { tsconnectPlugins } from './plugins.js';
