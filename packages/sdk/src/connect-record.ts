import type { Schema } from './data/schema.js';

/** One record header; `schema` may be null when the value's type is self-evident (a string). */
export interface Header {
  readonly key: string;
  readonly schema: Schema | null;
  readonly value: unknown;
}

/**
 * What source and sink records share (Kafka's ConnectRecord). Records are immutable values:
 * transformations return new ones (spread the old one and change fields).
 */
export interface ConnectRecord {
  readonly topic: string;
  /** null lets the producer's partitioner choose from the key. */
  readonly kafkaPartition: number | null;
  readonly keySchema: Schema | null;
  readonly key: unknown;
  readonly valueSchema: Schema | null;
  /** null with a key is a tombstone. */
  readonly value: unknown;
  /** Milliseconds since the epoch, or null for "now" (source) / unknown. */
  readonly timestamp: number | null;
  readonly headers: readonly Header[];
}
