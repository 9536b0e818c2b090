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

/** ts_ms/ts_us/ts_ns of the last source block: every event of a transaction shares its commit time. */
let lastTimes: { micros: bigint; ms: number | bigint; us: number | bigint; ns: number | bigint } | null = null;

function times(micros: bigint): { ms: number | bigint; us: number | bigint; ns: number | bigint } {
  if (lastTimes === null || lastTimes.micros !== micros) {
    lastTimes = { micros, ms: safe(micros / 1000n), us: safe(micros), ns: safe(micros * 1000n) };
  }
  return lastTimes;
}

/**
 * The source struct; `sequence` is Debezium's JSON array `["<lastCommitLsn>","<lsn>"]` (null when
 * unknown). Built from values in SOURCE_SCHEMA's field order (a per-event hot path): every value
 * here fits its field, so Struct.put's lookup and validation are skipped; unset fields stay unset.
 */
export function sourceStruct(info: SourceInfo): Struct {
  const commit = info.lastCommitLsn === null ? 'null' : `"${info.lastCommitLsn}"`;
  const lsn = info.lsn === null ? 'null' : `"${info.lsn}"`;
  const t = times(info.tsMicros);
  // SnapshotRecord.FALSE is left unset, so the field takes the schema default "false".
  // Incremental snapshot reads happen outside any WAL position: Debezium leaves txId/lsn out.
  const incremental = info.snapshot === 'incremental';
  return Struct.fromTrustedValues(SOURCE_SCHEMA, [
    info.version, 'postgresql', info.serverName, t.ms, info.snapshot === 'false' ? undefined : info.snapshot, info.db,
    `[${commit},${lsn}]`, t.us, t.ns, info.schema, info.table,
    incremental || info.txId === null ? undefined : info.txId,
    incremental || info.lsn === null ? undefined : safe(info.lsn),
    undefined, undefined, undefined,
  ]);
}
