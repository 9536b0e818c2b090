import { ConfigDef, DataException, Schemas, type Converter, type HeaderConverter, type Schema, type SchemaAndValue } from '@tsconnect/sdk';
import { converterConfigDef } from './json-converter-config.js';
import { describe } from './errors.js';

const CONFIG_DEF = converterConfigDef();

/** Kafka's ByteArrayConverter: passes bytes through unchanged; reads as optional bytes. */
export class ByteArrayConverter implements Converter, HeaderConverter {
  config(): ConfigDef {
    return CONFIG_DEF;
  }

  configure(): void {}

  fromConnectData(_topic: string, schema: Schema | null, value: unknown): Uint8Array | null {
    if (schema !== null && schema !== undefined && schema.type !== 'bytes') {
      throw new DataException(`Invalid schema type for ByteArrayConverter: ${schema.type.toUpperCase()}`);
    }
    if (value === null || value === undefined) return null;
    if (value instanceof Uint8Array) return value;
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    throw new DataException(`ByteArrayConverter is not compatible with objects of type ${describe(value)}`);
  }

  toConnectData(_topic: string, value: Uint8Array | null): SchemaAndValue {
    return { schema: Schemas.OPTIONAL_BYTES, value: value ?? null };
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, value);
  }
}
