import { ConfigDef, DataException, type Converter, type HeaderConverter, type Schema, type SchemaAndValue } from '@tsconnect/sdk';
import { JSON_CONVERTER_CONFIG_DEF, JsonConverterConfig, parseJsonConverterConfig, type JsonConverterSettings } from './json-converter-config.js';
import { isJsonObject, parseJson, parseJsonDocument, type JsonNode } from './json-node.js';
import { JsonWriter } from './to-json.js';
import { toConnect, toConnectSchema } from './to-connect.js';
import { withPath } from './errors.js';

const ENVELOPE_ERROR =
  'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. ' +
  'If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.';
const NULL_SCHEMA_AND_VALUE: SchemaAndValue = Object.freeze({ schema: null, value: null });
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Kafka Connect's JsonConverter (org.apache.kafka.connect.json.JsonConverter, Kafka 4.x): same config,
 * same envelope, same bytes. Also usable as a header converter, as in Java.
 */
export class JsonConverter implements Converter, HeaderConverter {
  private settings: JsonConverterSettings = parseJsonConverterConfig({ [JsonConverterConfig.TYPE_CONFIG]: 'value' });
  private writer = new JsonWriter(this.settings);
  private schemaCache = new Map<string, Schema | null>();
  private fixedSchema: Schema | null = null;

  config(): ConfigDef {
    return JSON_CONVERTER_CONFIG_DEF;
  }

  /** `isKey` given (Converter) sets converter.type; without it (HeaderConverter) the type defaults to "header". */
  configure(configs: Readonly<Record<string, unknown>>, isKey?: boolean): void {
    const type = isKey === undefined ? (configs[JsonConverterConfig.TYPE_CONFIG] ?? 'header') : isKey ? 'key' : 'value';
    this.settings = parseJsonConverterConfig({ ...configs, [JsonConverterConfig.TYPE_CONFIG]: type });
    this.writer = new JsonWriter(this.settings);
    this.schemaCache = new Map();
    this.fixedSchema = null;
    if (this.settings.schemaContent !== null) {
      try {
        this.fixedSchema = toConnectSchema(parseJson(this.settings.schemaContent) ?? null, this.settings.replaceNullWithDefault);
      } catch (e) {
        throw new DataException(
          `Failed to parse schema in converter config (${JsonConverterConfig.SCHEMA_CONTENT_CONFIG}): ${(e as Error).message}`,
          { cause: e },
        );
      }
    }
  }

  get settingsInUse(): JsonConverterSettings {
    return this.settings;
  }

  fromConnectData(_topic: string, schema: Schema | null, value: unknown): Uint8Array | null {
    const text = this.fromConnectDataAsString(schema, value);
    return text === null ? null : Buffer.from(text, 'utf8');
  }

  /** The JSON text that fromConnectData encodes as UTF-8. */
  fromConnectDataAsString(schema: Schema | null, value: unknown): string | null {
    if (schema === null && (value === null || value === undefined)) return null;
    try {
      const payload = this.writer.value(schema, value);
      if (!this.settings.schemasEnabled) return payload;
      return `{"schema":${schema === null ? 'null' : this.writer.schemaJson(schema)},"payload":${payload}}`;
    } catch (e) {
      throw withPath(e);
    }
  }

  toConnectData(_topic: string, value: Uint8Array | null): SchemaAndValue {
    if (value === null || value === undefined) return NULL_SCHEMA_AND_VALUE; // tombstone
    let text: string;
    try {
      text = utf8.decode(value);
    } catch {
      throw new DataException('Converting byte[] to Kafka Connect data failed due to serialization error: invalid UTF-8');
    }
    return this.toConnectDataFromString(text);
  }

  /** toConnectData for JSON text already decoded. */
  toConnectDataFromString(text: string): SchemaAndValue {
    let root: JsonNode | undefined;
    let schemaText: string | undefined;
    try {
      ({ root, schemaText } = parseJsonDocument(text));
    } catch (e) {
      throw new DataException(`Converting byte[] to Kafka Connect data failed due to serialization error: ${(e as Error).message}`, { cause: e });
    }
    const replace = this.settings.replaceNullWithDefault;
    try {
      if (!this.settings.schemasEnabled) return { schema: null, value: toConnect(null, root, replace) };
      if (this.fixedSchema !== null) return { schema: this.fixedSchema, value: toConnect(this.fixedSchema, root, replace) };
      if (!isJsonObject(root) || root.size !== 2 || !root.has('schema') || !root.has('payload')) {
        throw new DataException(ENVELOPE_ERROR);
      }
      const schema = this.asConnectSchema(root.get('schema')!, schemaText);
      return { schema, value: toConnect(schema, root.get('payload'), replace) };
    } catch (e) {
      throw withPath(e);
    }
  }

  /** JsonConverter.asJsonSchema: the JSON text of a schema (cached per schema object). */
  asJsonSchema(schema: Schema | null): string | null {
    return schema === null ? null : this.writer.schemaJson(schema);
  }

  /** JsonConverter.asConnectSchema, cached by the schema's JSON (LRU of schemas.cache.size). */
  asConnectSchema(node: JsonNode | undefined, text?: string): Schema | null {
    if (node === null || node === undefined) return null;
    const key = text ?? cacheKey(node);
    const cached = this.schemaCache.get(key);
    if (cached !== undefined) {
      this.schemaCache.delete(key);
      this.schemaCache.set(key, cached);
      return cached;
    }
    const schema = toConnectSchema(node, this.settings.replaceNullWithDefault);
    if (this.settings.schemaCacheSize > 0) {
      this.schemaCache.set(key, schema);
      if (this.schemaCache.size > this.settings.schemaCacheSize) this.schemaCache.delete(this.schemaCache.keys().next().value!);
    }
    return schema;
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, value);
  }
}

/** A stable text for a parsed schema node, used as the schema cache key. */
function cacheKey(node: JsonNode): string {
  return JSON.stringify(node, (_k, v: unknown) => {
    if (v instanceof Map) return Object.fromEntries([...v.entries()].map(([k, x]) => [`\u0000${k}`, x]));
    if (typeof v === 'bigint') return `${v}n`;
    return v;
  });
}
