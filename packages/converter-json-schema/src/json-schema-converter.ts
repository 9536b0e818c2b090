import { parseJson, type JsonNode } from '@tsconnect/converter-json';
import {
  ReaderSchemaCache, SchemaRegistryClient, frame, registryDataException, schemaRegistrySettings, schemaVersion, unframe,
  type ParsedSchema, type SubjectNameStrategy,
} from '@tsconnect/schema-registry-client';
import { DataException, type Converter, type Schema, type SchemaAndValue } from '@tsconnect/sdk';
import { fromConnectSchema, type FromConnectOptions } from './from-connect-schema.js';
import { JSON_SCHEMA_CONVERTER_CONFIG_DEF, JsonSchemaConverterConfig as C } from './json-schema-converter-config.js';
import { writeJson } from './schema-json.js';
import { toConnectSchema, type ToConnectOptions } from './to-connect-schema.js';
import { readValue, write } from './values.js';

interface WriterSchema { readonly text: string; readonly parsed: ParsedSchema }

/** What the subject name strategies see of a JSON schema: its record name is the top-level `title`. */
function parsedSchema(title: unknown): ParsedSchema {
  return { schemaType: 'JSON', name: typeof title === 'string' ? title : undefined };
}

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
  private readonly readerSchemas = new ReaderSchemaCache((topic, id) => this.loadReaderSchema(topic, id));

  /** `client` lets several converters share one registry client (and its cache). */
  constructor(client?: SchemaRegistryClient) {
    this.client = client;
  }

  configure(configs: Readonly<Record<string, unknown>>, isKey: boolean): void {
    const config = JSON_SCHEMA_CONVERTER_CONFIG_DEF.parse(configs);
    const settings = schemaRegistrySettings(config, isKey, 'JSON');
    this.isKey = isKey;
    this.autoRegister = settings.autoRegisterSchemas;
    this.useLatestVersion = settings.useLatestVersion;
    this.strategy = settings.subjectNameStrategy;
    this.fromOptions = {
      decimalNumeric: config.string(C.DECIMAL_FORMAT) === 'NUMERIC',
      additionalProperties: config.boolean(C.OBJECT_ADDITIONAL_PROPERTIES),
    };
    this.toOptions = { optionalForNonRequired: config.boolean(C.USE_OPTIONAL_FOR_NON_REQUIRED) };
    this.client ??= new SchemaRegistryClient(settings.client);
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
      throw registryDataException(prefix, e);
    }
    if (body === undefined) return null;
    try {
      const subject = this.strategy(topic, this.isKey, writer.parsed);
      let id: number;
      if (this.autoRegister) id = await client.register(subject, writer.text);
      else if (this.useLatestVersion) id = (await client.getLatest(subject)).id;
      else id = await client.getId(subject, writer.text);
      return frame(id, Buffer.from(body, 'utf8'));
    } catch (e) {
      throw registryDataException(prefix, e);
    }
  }

  async toConnectData(topic: string, bytes: Uint8Array | null): Promise<SchemaAndValue> {
    if (bytes === null) return { schema: null, value: null };
    const { schemaId, body } = unframe(bytes, `Converting byte[] to Kafka Connect data failed due to serialization error of topic ${topic}`);
    const prefix = `Converting byte[] to Kafka Connect data failed due to serialization error of topic ${topic} (schema id ${schemaId})`;
    try {
      const schema = await this.readerSchemas.get(topic, schemaId);
      const node = parseJson(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
      if (node === undefined || node === null) return { schema: null, value: null }; // as Java's SchemaAndValue.NULL
      return { schema, value: readValue(schema, node, this.side()) };
    } catch (e) {
      throw registryDataException(prefix, e);
    }
  }

  /** The schema text (as Java registers it) for a Connect schema, cached per schema object. */
  writerSchema(schema: Schema): WriterSchema {
    let cached = this.writerSchemas.get(schema);
    if (!cached) {
      const json = fromConnectSchema(schema, this.fromOptions);
      cached = { text: writeJson(json), parsed: parsedSchema(json.get('title')) };
      this.writerSchemas.set(schema, cached);
    }
    return cached;
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
    // As Confluent's deserializer: the subject version becomes the top-level Connect version
    // unless the schema carries connect.version.
    const title = json instanceof Map ? json.get('title') : undefined;
    const version = await schemaVersion(client, this.strategy, topic, this.isKey, parsedSchema(title), text);
    return toConnectSchema(json ?? null, this.toOptions, version);
  }

  private requireClient(): SchemaRegistryClient {
    if (!this.client) throw new DataException('JsonSchemaConverter is not configured: call configure() first');
    return this.client;
  }

  private side(): string {
    return this.isKey ? 'key' : 'value';
  }
}
