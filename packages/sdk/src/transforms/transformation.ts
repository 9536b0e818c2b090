import type { ConfigDef } from '../config/config-def.js';
import type { ConnectRecord } from '../connect-record.js';

/**
 * A single message transform (Kafka's Transformation): one record in, one record or null (drop)
 * out. Must be pure with respect to the record: return a new object, never mutate the input.
 */
export interface Transformation<R extends ConnectRecord = ConnectRecord> {
  configure(props: Readonly<Record<string, unknown>>): void;
  apply(record: R): R | null;
  config(): ConfigDef;
  close?(): void;
}

/** Decides whether a transformation applies to a record (Kafka's Predicate). */
export interface Predicate<R extends ConnectRecord = ConnectRecord> {
  configure(props: Readonly<Record<string, unknown>>): void;
  test(record: R): boolean;
  config(): ConfigDef;
  close?(): void;
}
