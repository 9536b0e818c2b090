import type { Header } from '../connect-record.js';
import type { Schema } from '../data/schema.js';

export interface SchemaAndValue {
  readonly schema: Schema | null;
  readonly value: unknown;
}

/**
 * Turns Connect data into bytes for Kafka and back (Kafka's Converter). Configured once per key
 * or value side. May return a promise (a schema registry lookup); the runtime awaits either.
 * Throw `DataException` for bytes or values it cannot handle, so the runtime can route to the DLQ.
 */
export interface Converter {
  configure(configs: Readonly<Record<string, unknown>>, isKey: boolean): void;
  fromConnectData(topic: string, schema: Schema | null, value: unknown, headers?: Header[]):
    | Uint8Array
    | null
    | Promise<Uint8Array | null>;
  toConnectData(topic: string, value: Uint8Array | null, headers?: readonly Header[]): SchemaAndValue | Promise<SchemaAndValue>;
}

/** Converts header values (Kafka's HeaderConverter). */
export interface HeaderConverter {
  configure(configs: Readonly<Record<string, unknown>>): void;
  fromConnectHeader(topic: string, headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null;
  toConnectHeader(topic: string, headerKey: string, value: Uint8Array | null): SchemaAndValue;
}
