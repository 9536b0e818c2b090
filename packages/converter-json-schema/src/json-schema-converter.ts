import { ConfigException, DataException, type Converter, type Schema, type SchemaAndValue } from '@tsconnect/sdk';
import { fromConnectSchema, type FromConnectOptions } from './from-connect-schema.js';
import { JSON_SCHEMA_CONVERTER_CONFIG_DEF, JsonSchemaConverterConfig as C } from './json-schema-converter-config.js';
import { parseJson, type JsonNode } from './json/json-node.js';
import { RestClientException, SchemaRegistryClient } from './schema-registry-client.js';
import { writeJson } from './schema-json.js';
import { subjectNameStrategy, type SubjectNameStrategy } from './subject-name-strategy.js';
import { toConnectSchema, type ToConnectOptions } from './to-connect-schema.js';
import { readValue, write } from './values.js';
import { frame, unframe } from './wire-format.js';

interface WriterSchema { readonly text: string; readonly title: string | undefined }

/**
 * Confluent's JsonSchemaConverter: Connect data ↔ JSON in the Confluent wire format (magic byte 0,
 * 4-byte schema id, JSON text), schemas registered as `schemaType: JSON` in a schema registry.
 */
export class JsonSchemaConverter implements Converter {
  private client: SchemaRegistryClient | undefined;
  private isKey = false;
  private autoRegister = true;
  private useLatestVersion = false;
  private strategy!: SubjectNameStrategy;
  private fromOptions: FromConnectOptions = { decimalNumeric: false, additionalProperties: true };
  private toOptions: ToConnectOptions = { optionalForNonRequired: false };
  private readonly writerSchemas = new WeakMap<Schema, WriterSchema>();
  private readonly readerSchemas = new Map<string, Promise<Schema>>();

  /** `client` lets several converters share one registry client (and its cache). */
  constructor(client?: SchemaRegistryClient) {
    this.client = client;
  }

  configure(configs: Readonly<Record<string, unknown>>, isKey: boolean): void {
    const config = JSON_SCHEMA_CONVERTER_CONFIG_DEF.parse(configs);
    this.isKey = isKey;
    this.autoRegister = config.boolean(C.AUTO_REGISTER_SCHEMAS);
    this.useLatestVersion = config.boolean(C.USE_LATEST_VERSION);
    const strategyKey = isKey ? C.KEY_SUBJECT_NAME_STRATEGY : C.VALUE_SUBJECT_NAME_STRATEGY;
    this.strategy = subjectNameStrategy(strategyKey, config.string(strategyKey));
    this.fromOptions = {
      decimalNumeric: config.string(C.DECIMAL_FORMAT) === 'NUMERIC',
      additionalProperties: config.boolean(C.OBJECT_ADDITIONAL_PROPERTIES),
    };
    this.toOptions = { optionalForNonRequired: config.boolean(C.USE_OPTIONAL_FOR_NON_REQUIRED) };
    const urls = config.list(C.SCHEMA_REGISTRY_URL_CONFIG).map((u) => u.trim()).filter(Boolean);
    for (const url of urls) {
      if (!/^https?:\/\//.test(url)) throw new ConfigException(C.SCHEMA_REGISTRY_URL_CONFIG, url, 'expected an http:// or https:// URL');
    }
    if (urls.length === 0) throw new ConfigException(C.SCHEMA_REGISTRY_URL_CONFIG, configs[C.SCHEMA_REGISTRY_URL_CONFIG], 'at least one URL is required');
    let userInfo: string | undefined;
    if (config.string(C.BASIC_AUTH_CREDENTIALS_SOURCE) === 'USER_INFO') {
      userInfo = config.password(C.USER_INFO_CONFIG) || config.password(C.SCHEMA_REGISTRY_USER_INFO_CONFIG) || undefined;
      if (!userInfo?.includes(':')) {
        throw new ConfigException(C.USER_INFO_CONFIG, userInfo === undefined ? undefined : '[hidden]', 'basic.auth.credentials.source=USER_INFO needs {username}:{password}');
      }
    }
    this.client ??= new SchemaRegistryClient({
      urls, schemaType: 'JSON', requestTimeoutMs: config.int(C.REQUEST_TIMEOUT_MS), ...(userInfo !== undefined && { userInfo }),
    });
  }

  async fromConnectData(topic: string, schema: Schema | null, value: unknown): Promise<Uint8Array | null> {
    const client = this.requireClient();
    if (schema === null) {
      if (value === null || value === undefined) return null; // a tombstone stays null
      throw new DataException(`Converting Kafka Connect data to byte[] failed due to serialization error of topic ${topic}: a ${this.side()} without a schema is not supported by JsonSchemaConverter`);
    }
    const prefix = `Converting Kafka Connect data to byte[] failed due to serialization error of topic ${topic}`;
    let body: string | undefined;
    let writer: WriterSchema;
    try {
      writer = this.writerSchema(schema);
      // As Java: a null for a required schema without default writes no record; an optional one writes `null`.
      body = write(schema, value, this.fromOptions.decimalNumeric, this.side());
    } catch (e) {
      throw this.wrap(prefix, e);
    }
    if (body === undefined) return null;
    try {
      const subject = this.strategy(topic, this.isKey, writer.title);
      let id: number;
      if (this.autoRegister) id = await client.register(subject, writer.text);
      else if (this.useLatestVersion) id = (await client.getLatest(subject)).id;
      else id = await client.getId(subject, writer.text);
      return frame(id, Buffer.from(body, 'utf8'));
    } catch (e) {
      throw this.wrap(prefix, e);
    }
  }

  async toConnectData(topic: string, bytes: Uint8Array | null): Promise<SchemaAndValue> {
    if (bytes === null) return { schema: null, value: null };
    const { schemaId, body } = unframe(topic, bytes);
    const prefix = `Converting byte[] to Kafka Connect data failed due to serialization error of topic ${topic} (schema id ${schemaId})`;
    try {
      const schema = await this.readerSchema(topic, schemaId);
      const node = parseJson(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
      if (node === undefined || node === null) return { schema: null, value: null }; // as Java's SchemaAndValue.NULL
      return { schema, value: readValue(schema, node, this.side()) };
    } catch (e) {
      throw this.wrap(prefix, e);
    }
  }

  /** The schema text (as Java registers it) for a Connect schema, cached per schema object. */
  writerSchema(schema: Schema): WriterSchema {
    let cached = this.writerSchemas.get(schema);
    if (!cached) {
      const json = fromConnectSchema(schema, this.fromOptions);
      const title = json.get('title');
      cached = { text: writeJson(json), title: typeof title === 'string' ? title : undefined };
      this.writerSchemas.set(schema, cached);
    }
    return cached;
  }

  private readerSchema(topic: string, id: number): Promise<Schema> {
    const key = `${topic}\u0000${id}`;
    let pending = this.readerSchemas.get(key);
    if (!pending) {
      pending = this.loadReaderSchema(topic, id);
      pending.catch(() => this.readerSchemas.delete(key)); // retry later, e.g. once the registry is back
      this.readerSchemas.set(key, pending);
    }
    return pending;
  }

  private async loadReaderSchema(topic: string, id: number): Promise<Schema> {
    const client = this.requireClient();
    const text = await client.getSchemaById(id);
    let json: JsonNode | undefined;
    try {
      json = parseJson(text);
    } catch (e) {
      throw new DataException(`schema ${id} is not valid JSON: ${(e as Error).message}`, { cause: e });
    }
    const title = json instanceof Map && typeof json.get('title') === 'string' ? (json.get('title') as string) : undefined;
    // As Confluent's deserializer: the subject version becomes the top-level Connect version
    // unless the schema carries connect.version.
    let version: number | undefined;
    try {
      version = await client.getVersion(this.strategy(topic, this.isKey, title), text);
    } catch (e) {
      if (!(e instanceof RestClientException && e.status === 404) && !(e instanceof DataException)) throw e;
    }
    return toConnectSchema(json ?? null, this.toOptions, version);
  }

  private requireClient(): SchemaRegistryClient {
    if (!this.client) throw new DataException('JsonSchemaConverter is not configured: call configure() first');
    return this.client;
  }

  private side(): string {
    return this.isKey ? 'key' : 'value';
  }

  private wrap(prefix: string, e: unknown): DataException {
    if (e instanceof RestClientException && e.errorCode === 40403) {
      return new DataException(`${prefix}: schema not found in the schema registry (${e.message})`, { cause: e });
    }
    if (e instanceof RestClientException && e.status === 404) {
      return new DataException(`${prefix}: subject or schema not registered (${e.message})`, { cause: e });
    }
    return new DataException(`${prefix}: ${(e as Error).message}`, { cause: e });
  }
}
