import type { ConnectRecord, Schema } from '@tsconnect/sdk';

/** Which half of the record a Key/Value transform variant works on (Kafka's `$Key` / `$Value`). */
export type Side = 'key' | 'value';

export function operatingSchema(record: ConnectRecord, side: Side): Schema | null {
  return side === 'key' ? record.keySchema : record.valueSchema;
}

export function operatingValue(record: ConnectRecord, side: Side): unknown {
  return side === 'key' ? record.key : record.value;
}

/** A copy of `record` with the operating side replaced; everything else (headers, offsets …) is kept. */
export function newRecord<R extends ConnectRecord>(record: R, side: Side, schema: Schema | null, value: unknown): R {
  return side === 'key' ? { ...record, keySchema: schema, key: value } : { ...record, valueSchema: schema, value };
}
