import { DebeziumTypes, SchemaBuilder, Schemas, Struct, type Schema } from '@tsconnect/sdk';

/** Values of source.snapshot, in Debezium's SnapshotRecord order (the Enum's `allowed` list). */
export const SNAPSHOT_RECORD_VALUES = ['true', 'first', 'first_in_data_collection', 'last_in_data_collection', 'last', 'false', 'incremental'] as const;
export type SnapshotRecord = (typeof SNAPSHOT_RECORD_VALUES)[number];

const SNAPSHOT_SCHEMA = DebeziumTypes.Enum.builder()
  .parameter('allowed', SNAPSHOT_RECORD_VALUES.join(','))
  .defaultValue('false')
  .optional()
  .build();

/** io.debezium.connector.postgresql.Source, field for field (Debezium 3.x). */
export const SOURCE_SCHEMA: Schema = SchemaBuilder.struct()
  .name('io.debezium.connector.postgresql.Source')
  .version(1)
  .field('version', Schemas.STRING)
  .field('connector', Schemas.STRING)
  .field('name', Schemas.STRING)
  .field('ts_ms', Schemas.INT64)
  .field('snapshot', SNAPSHOT_SCHEMA)
  .field('db', Schemas.STRING)
  .field('sequence', Schemas.OPTIONAL_STRING)
  .field('ts_us', Schemas.OPTIONAL_INT64)
  .field('ts_ns', Schemas.OPTIONAL_INT64)
  .field('schema', Schemas.STRING)
  .field('table', Schemas.STRING)
  .field('txId', Schemas.OPTIONAL_INT64)
  .field('lsn', Schemas.OPTIONAL_INT64)
  .field('xmin', Schemas.OPTIONAL_INT64)
  .field('origin', Schemas.OPTIONAL_STRING)
  .field('origin_lsn', Schemas.OPTIONAL_INT64)
  .build();

export interface SourceInfo {
  readonly version: string;
  readonly serverName: string;
  readonly db: string;
  /** Commit time (streaming) or read time (snapshot), µs since the epoch. */
  readonly tsMicros: bigint;
  readonly snapshot: SnapshotRecord;
  readonly schema: string;
  readonly table: string;
  readonly txId: number | null;
  /** Numeric LSN of the event; null when unknown. */
  readonly lsn: bigint | null;
  /** Numeric LSN of the last commit before this event (the first half of `sequence`). */
  readonly lastCommitLsn: bigint | null;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const safe = (n: bigint): number | bigint => (n <= MAX_SAFE && n >= MIN_SAFE ? Number(n) : n);

/** The source struct; `sequence` is Debezium's JSON array `["<lastCommitLsn>","<lsn>"]` (null when unknown). */
export function sourceStruct(info: SourceInfo): Struct {
  const seq = JSON.stringify([info.lastCommitLsn?.toString() ?? null, info.lsn?.toString() ?? null]);
  const s = new Struct(SOURCE_SCHEMA)
    .put('version', info.version)
    .put('connector', 'postgresql')
    .put('name', info.serverName)
    .put('ts_ms', safe(info.tsMicros / 1000n))
    .put('db', info.db)
    .put('sequence', seq)
    .put('ts_us', safe(info.tsMicros))
    .put('ts_ns', safe(info.tsMicros * 1000n))
    .put('schema', info.schema)
    .put('table', info.table);
  // SnapshotRecord.FALSE is left unset, so the field takes the schema default "false".
  if (info.snapshot !== 'false') s.put('snapshot', info.snapshot);
  // Incremental snapshot reads happen outside any WAL position: Debezium leaves txId/lsn out.
  if (info.snapshot === 'incremental') return s;
  if (info.txId !== null) s.put('txId', info.txId);
  if (info.lsn !== null) s.put('lsn', safe(info.lsn));
  return s;
}
