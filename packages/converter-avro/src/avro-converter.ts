import { DataException, type Converter, type Schema, type SchemaAndValue } from '@tsconnect/sdk';
import {
  ReaderSchemaCache, SchemaRegistryClient, frame, registryDataException, schemaRegistrySettings, schemaVersion, unframe,
  type ParsedSchema, type SubjectNameStrategy,
} from '@tsconnect/schema-registry-client';
import { AvroCodecs } from './avro-codec.js';
import { AVRO_CONVERTER_CONFIG_DEF } from './avro-converter-config.js';
import { writeAvroSchema } from './avro-json.js';
import { fullName, parseAvroSchema, type AvroNode } from './avro-node.js';
import { fromConnectSchema } from './from-connect-schema.js';
import { toConnectSchema } from './to-connect-schema.js';
import { toAvroValue, toConnectValue } from './values.js';

interface WriterSchema { readonly node: AvroNode; readonly text: string; readonly parsed: ParsedSchema }
interface ReaderSchema { readonly node: AvroNode; readonly text: string; readonly connect: Schema }

/** What the subject name strategies see of an Avro schema: only records have a (full) name. */
function parsedSchema(node: AvroNode): ParsedSchema {
  return { schemaType: 'AVRO', name: node.type === 'record' ? fullName(node) : undefined };
}

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
  private readonly readerSchemas = new ReaderSchemaCache((topic, id) => this.loadReaderSchema(topic, id));

  /** `client` lets several converters share one registry client (and its cache). */
  constructor(client?: SchemaRegistryClient) {
    this.client = client;
  }

  configure(configs: Readonly<Record<string, unknown>>, isKey: boolean): void {
    const settings = schemaRegistrySettings(AVRO_CONVERTER_CONFIG_DEF.parse(configs), isKey, 'AVRO');
    this.isKey = isKey;
    this.autoRegister = settings.autoRegisterSchemas;
    this.useLatestVersion = settings.useLatestVersion;
    this.strategy = settings.subjectNameStrategy;
    this.client ??= new SchemaRegistryClient(settings.client);
  }

  async fromConnectData(topic: string, schema: Schema | null, value: unknown): Promise<Uint8Array | null> {
    const client = this.requireClient();
    if (value === null || value === undefined) return null; // a tombstone stays null, as in Confluent's serializer
    if (schema === null) {
      throw new DataException(`Failed to serialize Avro data from topic ${topic}: a ${this.side()} without a schema is not supported by AvroConverter`);
    }
    try {
      let writer = this.writerSchema(schema);
      const subject = this.strategy(topic, this.isKey, writer.parsed);
      let id: number;
      if (this.useLatestVersion) {
        const latest = await client.getLatest(subject);
        const node = parseAvroSchema(latest.schema);
        writer = { node, text: latest.schema, parsed: parsedSchema(node) };
        id = latest.id;
      } else if (this.autoRegister) {
        id = await client.register(subject, writer.text);
      } else {
        id = await client.getId(subject, writer.text);
      }
      const avroValue = toAvroValue(schema, writer.node, value, this.side());
      return frame(id, this.codecs.encode(writer.text, avroValue));
    } catch (e) {
      throw registryDataException(`Failed to serialize Avro data from topic ${topic}`, e);
    }
  }

  async toConnectData(topic: string, bytes: Uint8Array | null): Promise<SchemaAndValue> {
    if (bytes === null) return { schema: null, value: null };
    const { schemaId, body } = unframe(bytes, `Failed to deserialize data for topic ${topic} to Avro`);
    try {
      const reader = await this.readerSchemas.get(topic, schemaId);
      const raw = this.codecs.decode(reader.text, body);
      return { schema: reader.connect, value: toConnectValue(reader.connect, reader.node, raw) };
    } catch (e) {
      throw registryDataException(`Failed to deserialize data for topic ${topic} to Avro (schema id ${schemaId})`, e);
    }
  }

  /** The Avro schema (and its registered text) for a Connect schema, cached per schema object. */
  writerSchema(schema: Schema): WriterSchema {
    let cached = this.writerSchemas.get(schema);
    if (!cached) {
      const node = fromConnectSchema(schema);
      cached = { node, text: writeAvroSchema(node), parsed: parsedSchema(node) };
      this.writerSchemas.set(schema, cached);
    }
    return cached;
  }

  private async loadReaderSchema(topic: string, id: number): Promise<ReaderSchema> {
    const client = this.requireClient();
    const text = await client.getSchemaById(id);
    const node = parseAvroSchema(text);
    // Like Confluent's deserializer, the subject version becomes the Connect schema version when the
    // schema has no connect.version of its own.
    const version = await schemaVersion(client, this.strategy, topic, this.isKey, parsedSchema(node), text);
    return { node, text, connect: toConnectSchema(node, version) };
  }

  private requireClient(): SchemaRegistryClient {
    if (!this.client) throw new DataException('AvroConverter is not configured: call configure() first');
    return this.client;
  }

  private side(): string {
    return this.isKey ? 'key' : 'value';
  }
}
