import { DataException, schemaEquals, type Schema, type SinkRecord } from '@tsconnect/sdk';
import avro from 'avsc';
import type { ByteSink } from '../storage/byte-sink.js';
import { BIGINT_LONG, toAvroSchema, toAvroValue } from './avro-data.js';
import type { Format, RecordWriter } from './format.js';

/**
 * An Avro object container file per object (Confluent's AvroFormat, `.avro`), written with avsc's
 * BlockEncoder. The writer schema comes from the first record; the task rotates before a record
 * with another schema, so one file has one schema.
 */
export class AvroFormat implements Format {
  readonly extension = '.avro';

  constructor(private readonly codec: 'null' | 'deflate') {}

  newWriter(sink: ByteSink): RecordWriter {
    let encoder: InstanceType<typeof avro.streams.BlockEncoder> | null = null;
    let type: avro.Type | null = null;
    let connectSchema: Schema | null = null;
    let failure: Error | null = null;
    const open = (schema: Schema) => {
      const avroSchema = toAvroSchema(schema);
      type = avro.Type.forSchema(avroSchema as avro.Schema, { registry: { long: BIGINT_LONG } } as Partial<avro.ForSchemaOptions>);
      encoder = new avro.streams.BlockEncoder(type, { codec: this.codec, metadata: { 'avro.schema': Buffer.from(JSON.stringify(avroSchema)) } } as Partial<avro.EncoderOptions>);
      encoder.on('data', (chunk: Buffer) => sink.append(chunk));
      encoder.on('error', (e: Error) => { failure = e; });
      connectSchema = schema;
    };
    return {
      write: async (record: SinkRecord) => {
        const schema = record.valueSchema;
        if (!schema) throw new DataException(`AvroFormat needs a value schema; record ${record.topic}-${record.kafkaPartition}@${record.kafkaOffset} has none`);
        if (!encoder) open(schema);
        else if (!schemaEquals(schema, connectSchema)) throw new DataException(`Schema changed inside one Avro file at ${record.topic}-${record.kafkaPartition}@${record.kafkaOffset}`);
        const value = toAvroValue(schema, record.value);
        const paths: string[] = [];
        if (!type!.isValid(value, { errorHook: (path) => paths.push(path.join('.') || '<root>') })) {
          throw new DataException(`Value of ${record.topic}-${record.kafkaPartition}@${record.kafkaOffset} does not fit its Avro schema at ${paths.join(', ')}`);
        }
        encoder!.write(value);
        if (failure) throw failure;
        await sink.flush();
      },
      commit: async () => {
        if (encoder) {
          const e = encoder;
          await new Promise<void>((resolve, reject) => {
            e.once('end', resolve);
            e.once('error', reject);
            e.end();
          });
        }
        if (failure) throw failure;
        await sink.commit();
      },
      abort: async () => {
        encoder?.destroy();
        await sink.abort();
      },
    };
  }
}
