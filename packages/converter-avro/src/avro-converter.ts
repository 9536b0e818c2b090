import { ConfigException, DataException, type Converter, type Schema, type SchemaAndValue } from '@tsconnect/sdk';
import { AvroCodecs } from './avro-codec.js';
import { AVRO_CONVERTER_CONFIG_DEF, AvroConverterConfig as C } from './avro-converter-config.js';
import { writeAvroSchema } from './avro-json.js';
import { parseAvroSchema, type AvroNode } from './avro-node.js';
import { fromConnectSchema } from './from-connect-schema.js';
import { RestClientException, SchemaRegistryClient } from './schema-registry-client.js';
import { subjectNameStrategy, type SubjectNameStrategy } from './subject-name-strategy.js';
import { toConnectSchema } from './to-connect-schema.js';
import { toAvroValue, toConnectValue } from './values.js';
import { frame, unframe } from './wire-format.js';

interface WriterSchema { readonly node: AvroNode; readonly text: string }
interface ReaderSchema { readonly node: AvroNode; readonly text: string; readonly connect: Schema }

/**
 * Confluent's AvroConverter: Connect data ↔ Avro binary in the Confluent wire format, schemas kept
 * in a schema registry. Key/value sides are configured separately, as in Kafka Connect.
 */
export class AvroConverter implements Converter {
  private client: SchemaRegistryClient | undefined;
  private isKey = false;
  private autoRegister = true;
  private useLatestVersion = false;
  private strategy!: SubjectNameStrategy;
  private readonly codecs = new AvroCodecs();
  private readonly writerSchemas = new WeakMap<Schema, WriterSchema>();
  private readonly readerSchemas = new Map<string, Promise<ReaderSchema>>();

  /** `client` lets several converters share one registry client (and its cache). */
  constructor(client?: SchemaRegistryClient) {
    this.client = client;
  }

  configure(configs: Readonly<Record<string, unknown>>, isKey: boolean): void {
    const config = AVRO_CONVERTER_CONFIG_DEF.parse(configs);
    this.isKey = isKey;
    this.autoRegister = config.boolean(C.AUTO_REGISTER_SCHEMAS);
    this.useLatestVersion = config.boolean(C.USE_LATEST_VERSION);
    const strategyKey = isKey ? C.KEY_SUBJECT_NAME_STRATEGY : C.VALUE_SUBJECT_NAME_STRATEGY;
    this.strategy = subjectNameStrategy(strategyKey, config.string(strategyKey));
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
    this.client ??= new SchemaRegistryClient({ urls, ...(userInfo !== undefined && { userInfo }), requestTimeoutMs: config.int(C.REQUEST_TIMEOUT_MS) });
  }

  async fromConnectData(topic: string, schema: Schema | null, value: unknown): Promise<Uint8Array | null> {
    const client = this.requireClient();
    if (value === null || value === undefined) return null; // a tombstone stays null, as in Confluent's serializer
    if (schema === null) {
      throw new DataException(`Failed to serialize Avro data from topic ${topic}: a ${this.side()} without a schema is not supported by AvroConverter`);
    }
    try {
      let writer = this.writerSchema(schema);
      const subject = this.strategy(topic, this.isKey, writer.node);
      let id: number;
      if (this.useLatestVersion) {
        const latest = await client.getLatest(subject);
        writer = { node: parseAvroSchema(latest.schema), text: latest.schema };
        id = latest.id;
      } else if (this.autoRegister) {
        id = await client.register(subject, writer.text);
      } else {
        id = await client.getId(subject, writer.text);
      }
      const avroValue = toAvroValue(schema, writer.node, value, this.side());
      return frame(id, this.codecs.encode(writer.text, avroValue));
    } catch (e) {
      throw this.wrap(`Failed to serialize Avro data from topic ${topic}`, e);
    }
  }

  async toConnectData(topic: string, bytes: Uint8Array | null): Promise<SchemaAndValue> {
    if (bytes === null) return { schema: null, value: null };
    const { schemaId, body } = unframe(topic, bytes);
    try {
      const reader = await this.readerSchema(topic, schemaId);
      const raw = this.codecs.decode(reader.text, body);
      return { schema: reader.connect, value: toConnectValue(reader.connect, reader.node, raw) };
    } catch (e) {
      throw this.wrap(`Failed to deserialize data for topic ${topic} to Avro (schema id ${schemaId})`, e);
    }
  }

  /** The Avro schema (and its registered text) for a Connect schema, cached per schema object. */
  writerSchema(schema: Schema): WriterSchema {
    let cached = this.writerSchemas.get(schema);
    if (!cached) {
      const node = fromConnectSchema(schema);
      cached = { node, text: writeAvroSchema(node) };
      this.writerSchemas.set(schema, cached);
    }
    return cached;
  }

  private readerSchema(topic: string, id: number): Promise<ReaderSchema> {
    const key = `${topic}\u0000${id}`;
    let pending = this.readerSchemas.get(key);
    if (!pending) {
      pending = this.loadReaderSchema(topic, id);
      pending.catch(() => this.readerSchemas.delete(key)); // retry later, e.g. once the registry is back
      this.readerSchemas.set(key, pending);
    }
    return pending;
  }

  private async loadReaderSchema(topic: string, id: number): Promise<ReaderSchema> {
    const client = this.requireClient();
    const text = await client.getSchemaById(id);
    const node = parseAvroSchema(text);
    // Like Confluent's deserializer, the subject version becomes the Connect schema version when the
    // schema has no connect.version of its own.
    let version: number | undefined;
    try {
      version = await client.getVersion(this.strategy(topic, this.isKey, node), text);
    } catch (e) {
      if (!(e instanceof RestClientException && e.status === 404) && !(e instanceof DataException)) throw e;
    }
    return { node, text, connect: toConnectSchema(node, version) };
  }

  private requireClient(): SchemaRegistryClient {
    if (!this.client) throw new DataException('AvroConverter is not configured: call configure() first');
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
