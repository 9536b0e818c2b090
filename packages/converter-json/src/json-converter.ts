import { ConfigDef, DataException, type Converter, type HeaderConverter, type Schema, type SchemaAndValue } from '@tsconnect/sdk';
import { JSON_CONVERTER_CONFIG_DEF, JsonConverterConfig, parseJsonConverterConfig, type JsonConverterSettings } from './json-converter-config.js';
import { isJsonObject, parseJson, parseJsonDocument, type JsonNode } from './json-node.js';
import { JsonWriter } from './json-writer.js';
import { toConnect, toConnectSchema } from './to-connect.js';
import { withPath } from './errors.js';
import { ConnectReader, GIVE_UP, latin1View } from './connect-reader.js';

// eslint-disable-next-line no-control-regex -- any byte outside ASCII, NUL included in the range on purpose
const NON_ASCII = /[^\x00-\x7f]/;

const ENVELOPE_ERROR =
  'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. ' +
  'If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.';
const EMPTY = new Uint8Array(0);
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
  /**
   * The schema most recently looked up in schemaCache, with its text as the fast path sees it
   * (latin1 view of the bytes). Always the cache's most recently used entry (any other lookup
   * clears it), so it is never evicted while here: a hit needs no LRU update.
   */
  private lastSchema: { readonly text: string; readonly schema: Schema } | null = null;
  private reader = new ConnectReader('', EMPTY, this.settings.replaceNullWithDefault);

  config(): ConfigDef {
    return JSON_CONVERTER_CONFIG_DEF;
  }

  /** `isKey` given (Converter) sets converter.type; without it (HeaderConverter) the type defaults to "header". */
  configure(configs: Readonly<Record<string, unknown>>, isKey?: boolean): void {
    const type = isKey === undefined ? (configs[JsonConverterConfig.TYPE_CONFIG] ?? 'header') : isKey ? 'key' : 'value';
    this.settings = parseJsonConverterConfig({ ...configs, [JsonConverterConfig.TYPE_CONFIG]: type });
    this.writer = new JsonWriter(this.settings);
    this.schemaCache = new Map();
    this.lastSchema = null;
    this.reader = new ConnectReader('', EMPTY, this.settings.replaceNullWithDefault);
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
    if (schema === null && (value === null || value === undefined)) return null;
    try {
      return this.writer.encode(schema, value, this.settings.schemasEnabled);
    } catch (e) {
      throw withPath(e);
    }
  }

  /** The JSON text that fromConnectData encodes as UTF-8. */
  fromConnectDataAsString(schema: Schema | null, value: unknown): string | null {
    const bytes = this.fromConnectData('', schema, value);
    return bytes === null ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  }

  toConnectData(_topic: string, value: Uint8Array | null): SchemaAndValue {
    if (value === null || value === undefined) return NULL_SCHEMA_AND_VALUE; // tombstone
    const view = latin1View(value);
    if (view !== undefined) {
      try {
        return this.readFast(this.reader.reset(view, value));
      } catch {
        // Not on the fast path (GIVE_UP or an error): the tree path below gives the exact result or error.
      } finally {
        this.reader.reset('', EMPTY); // holds no record between calls
      }
    }
    let text: string;
    try {
      text = utf8.decode(value);
    } catch {
      throw new DataException('Converting byte[] to Kafka Connect data failed due to serialization error: invalid UTF-8');
    }
    return this.toConnectDataFromString(text);
  }

  /** toConnectData without the JSON tree (connect-reader.ts); throws to hand over to the tree path. */
  private readFast(r: ConnectReader): SchemaAndValue {
    r.skipWs();
    if (r.pos >= r.text.length) throw GIVE_UP;
    if (!this.settings.schemasEnabled) return { schema: null, value: r.read(null, 0) };
    if (this.fixedSchema !== null) return { schema: this.fixedSchema, value: r.read(this.fixedSchema, 0) };
    if (!r.skip('{"schema":')) throw GIVE_UP;
    let schema: Schema | null;
    const last = this.lastSchema;
    if (r.skip('null')) {
      schema = null;
    } else if (last !== null && r.skip(last.text)) {
      schema = last.schema; // the same text parses to the same (cached) schema
    } else {
      if (r.text.charCodeAt(r.pos) !== 123) throw GIVE_UP;
      const start = r.pos;
      const node = r.value(1);
      const text = r.text.slice(start, r.pos);
      // The cache key is the schema's text as the tree path sees it: decoded from UTF-8.
      schema = this.asConnectSchema(node, NON_ASCII.test(text) ? r.utf8(start, r.pos) : text);
      if (schema !== null && this.settings.schemaCacheSize > 0) this.lastSchema = { text, schema };
    }
    if (!r.skip(',"payload":')) throw GIVE_UP;
    const value = r.read(schema, 1);
    r.skipWs();
    if (r.text.charCodeAt(r.pos) !== 125) throw GIVE_UP;
    return { schema, value };
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
    this.lastSchema = null;
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
