import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { OffsetMap } from '@tsconnect/sdk';
import { TEXT_TYPES } from '../connection/pg-connection.js';
import { quoteIdent } from '../connection/quote.js';
import { changeRecord } from '../pipeline/change-records.js';
import type { ConnectorLogger } from '../pipeline/logger.js';
import type { RawRow, TableSchema } from '../schema/table-schema.js';
import type { TableSchemaRegistry } from '../schema/table-schema-registry.js';
import { chunkQuery, keyOf, qualifiedName } from '../snapshot/chunk-query.js';
import type { StreamHooks, StreamPosition } from '../streaming/stream-hooks.js';
import {
  decodeIncrementalState, encodeCollections, encodeKey, INCREMENTAL_OFFSET_KEYS, type SnapshotCollection,
} from './incremental-snapshot-state.js';
import { parseExecuteSnapshot, parseSignal, parseStopSnapshot } from './signal-table.js';

export interface IncrementalSnapshotOptions {
  /** Autocommit connection: writes the watermarks and reads the chunks. */
  readonly sql: pg.Client;
  readonly signalTable: { schema: string; name: string };
  readonly registry: TableSchemaRegistry;
  readonly chunkSize: number;
  readonly partition: OffsetMap;
  readonly logger: ConnectorLogger;
  /** The stored offset to resume from (its incremental_snapshot_* keys); null on a fresh start. */
  readonly resumeFrom: OffsetMap | null;
}

interface TableRun extends SnapshotCollection {
  /** Key of the last row of the last chunk read: the next chunk starts after it. */
  chunkEnd: unknown[] | null;
  /** Upper bound fixed when the table's snapshot starts; null until then. */
  maxKey: unknown[] | null;
}

/**
 * Ad-hoc incremental snapshots with Debezium's watermarking (DBLog): per chunk, insert a
 * window-open row into the signal table, read the next primary-key chunk into a buffer, insert a
 * window-close row. While the stream is between the two watermarks, every streamed change of a
 * buffered key drops that row (the streamed event is newer); at the close watermark the rest of
 * the buffer goes out as op "r" with source.snapshot "incremental". No change is lost or reordered.
 *
 * While a snapshot runs, every offset carries its state (offsetState()); a restarted task reads it
 * back and continues after the last snapshot row whose record was stored, so completed chunks are
 * not read again.
 */
export class IncrementalSnapshot implements StreamHooks {
  /** Tables to snapshot; runs[0] is the one being read. */
  private runs: TableRun[] = [];
  private correlationId: string | null = null;
  /** Key (encoded) of the last snapshot row emitted: Debezium's lastEventKeySent. */
  private lastEmitted: string | null = null;
  private chunkId: string | null = null;
  private windowOpen = false;
  /** Rows of the open chunk by encoded key, in key order. */
  private buffer = new Map<string, RawRow>();
  /** offsetState() without the per-row key, rebuilt when tables or bounds change. */
  private stateCache: Record<string, string | null> | null = null;

  constructor(private readonly o: IncrementalSnapshotOptions) {
    const state = decodeIncrementalState(o.resumeFrom, (key) =>
      o.logger.info(`Offset key ${key} was written by Debezium (Java serialization): the incremental snapshot restarts its current table from the first key`));
    if (!state) return;
    this.runs = state.collections.map((c, i) => ({
      ...c, chunkEnd: i === 0 && state.lastKey ? [...state.lastKey] : null, maxKey: i === 0 && state.maximumKey ? [...state.maximumKey] : null,
    }));
    this.correlationId = state.correlationId;
    this.lastEmitted = encodeKey(state.lastKey);
    o.logger.info(`Resuming incremental snapshot of ${this.runs.map((r) => r.id).join(', ')} after key ${this.lastEmitted ?? '(start)'}`);
  }

  get running(): boolean {
    return this.runs.length > 0;
  }

  isSignalTable(schema: string, table: string): boolean {
    return schema === this.o.signalTable.schema && table === this.o.signalTable.name;
  }

  /** A resumed snapshot reads its next chunk as soon as the stream runs (Debezium's init()). */
  async streamStarted(): Promise<void> {
    if (this.running) await this.readChunk();
  }

  /** The incremental_snapshot_* offset keys while a snapshot runs; null otherwise. */
  offsetState(): Readonly<Record<string, string | null>> | null {
    if (!this.running) return null;
    if (!this.stateCache) {
      const run = this.runs[0]!;
      this.stateCache = {
        [INCREMENTAL_OFFSET_KEYS.collections]: encodeCollections(this.runs),
        [INCREMENTAL_OFFSET_KEYS.maximumKey]: encodeKey(run.maxKey),
        [INCREMENTAL_OFFSET_KEYS.correlationId]: this.correlationId,
        [INCREMENTAL_OFFSET_KEYS.primaryKey]: this.lastEmitted,
      };
    }
    return this.stateCache;
  }

  async onSignal(row: RawRow, at: StreamPosition): Promise<void> {
    const signal = parseSignal(row);
    switch (signal.type) {
      case 'execute-snapshot':
        await this.execute(signal.id, parseExecuteSnapshot(signal));
        return;
      case 'stop-snapshot':
        await this.stop(parseStopSnapshot(signal));
        return;
      case 'snapshot-window-open':
        return; // the window is already open: see readChunk()
      case 'snapshot-window-close':
        // Watermarks of a chunk from before a restart or a stop are ignored (Debezium's notExpectedChunk).
        if (signal.id !== `${this.chunkId}-close`) return;
        this.windowOpen = false;
        await this.emitBuffer(at);
        await this.readChunk();
        return;
      default:
        this.o.logger.info(`Ignoring signal ${signal.id} of unsupported type "${signal.type}"`);
    }
  }

  onChange(table: TableSchema, rows: readonly (RawRow | null)[]): void {
    if (!this.windowOpen || table.id !== this.runs[0]?.id) return;
    for (const row of rows) if (row) this.buffer.delete(JSON.stringify(keyOf(row, table.table.primaryKey)));
  }

  private async execute(signalId: string, request: ReturnType<typeof parseExecuteSnapshot>): Promise<void> {
    if (request.type !== 'incremental') {
      this.o.logger.info(`Only incremental ad-hoc snapshots are supported; ignoring type "${request.type}"`);
      return;
    }
    const wasRunning = this.running;
    const ids = await this.expand(request.dataCollections);
    for (const [pattern, matched] of ids) {
      for (const id of matched) {
        const condition = request.conditions.get(pattern) ?? request.conditions.get(id) ?? null;
        this.runs.push({ id, condition, chunkEnd: null, maxKey: null });
      }
    }
    this.correlationId = signalId;
    this.stateCache = null;
    if (!wasRunning) await this.readChunk();
  }

  /**
   * stop-snapshot: without data-collections the whole snapshot ends; otherwise the matching tables
   * leave the queue, and if the current one is among them its open chunk is dropped and the next
   * table starts (Debezium's AbstractIncrementalSnapshotChangeEventSource.stopSnapshot).
   */
  private async stop(request: ReturnType<typeof parseStopSnapshot>): Promise<void> {
    if (request.type !== 'incremental') {
      this.o.logger.info(`stop-snapshot: only incremental snapshots can be stopped; ignoring type "${request.type}"`);
      return;
    }
    if (!this.running) {
      this.o.logger.info('stop-snapshot: no incremental snapshot is running');
      return;
    }
    const current = this.runs[0]!;
    let stopCurrent: boolean;
    if (request.dataCollections.length === 0) {
      this.o.logger.info(`Stopping the incremental snapshot of ${this.runs.map((r) => r.id).join(', ')}`);
      this.runs = [];
      stopCurrent = true;
    } else {
      const res = request.dataCollections.map((p) => new RegExp(`^(?:${p})$`));
      const stopped = new Set(this.runs.filter((r) => res.some((re) => re.test(r.id))).map((r) => r.id));
      this.o.logger.info(`Removing ${[...stopped].join(', ') || 'nothing'} from the incremental snapshot`);
      stopCurrent = stopped.has(current.id);
      this.runs = this.runs.filter((r) => !stopped.has(r.id));
    }
    this.stateCache = null;
    if (!stopCurrent) return;
    this.chunkId = null;
    this.windowOpen = false;
    this.buffer.clear();
    this.lastEmitted = null;
    await this.readChunk();
  }

  /** data-collections entries → the captured tables each one names (exactly or as a regex). */
  private async expand(patterns: readonly string[]): Promise<Map<string, string[]>> {
    const captured = (await this.o.registry.capturedTables()).map((t) => `${t.schema}.${t.name}`);
    return new Map(patterns.map((p) => {
      const re = new RegExp(`^(?:${p})$`, 'i');
      return [p, captured.filter((t) => t === p || re.test(t))];
    }));
  }

  /** Reads the next chunk between watermarks; moves to the next table when one is exhausted. */
  private async readChunk(): Promise<void> {
    for (;;) {
      const run = this.runs[0];
      if (!run) {
        this.chunkId = null;
        return;
      }
      const table = run.maxKey === null ? await this.startTable(run) : await this.o.registry.getOrRefresh(...split(run.id));
      if (!table || run.maxKey === null) {
        this.nextTable();
        continue;
      }
      const pk = table.table.primaryKey;
      this.chunkId = randomUUID();
      await this.watermark('open');
      const res = await this.o.sql.query({
        ...chunkQuery(table.table, pk, run.chunkEnd, run.maxKey, this.o.chunkSize, run.condition), types: TEXT_TYPES,
      });
      const rows = res.rows as Record<string, unknown>[];
      this.buffer = new Map(rows.map((r) => [JSON.stringify(keyOf(r, pk)), r]));
      // Deduplicate from here, not from the open watermark: the stream waits at this position while
      // the chunk is read, and a transaction whose commit record precedes the open watermark can
      // still be invisible to the SELECT (PostgreSQL makes a commit visible only after writing it to
      // WAL, so under load a later commit can become visible first). Its change must then win over
      // the stale row. Dropping a row for a change the SELECT did see loses nothing: that change
      // carries the full row.
      this.windowOpen = true;
      await this.watermark('close');
      this.o.logger.debug(`Incremental snapshot chunk of ${run.id}: ${rows.length} rows after ${JSON.stringify(run.chunkEnd)}`);
      if (rows.length === 0) {
        this.o.logger.info(`Incremental snapshot of ${run.id} done`);
        this.nextTable();
        continue;
      }
      run.chunkEnd = keyOf(rows[rows.length - 1]!, pk);
      return; // the rest happens when the stream reaches the close watermark
    }
  }

  private nextTable(): void {
    this.runs.shift();
    this.lastEmitted = null;
    this.stateCache = null;
    this.buffer.clear();
    if (!this.running) this.correlationId = null;
  }

  /** Fixes the upper key bound at the start (Debezium's maximum key): later inserts are streamed anyway. */
  private async startTable(run: TableRun): Promise<TableSchema | undefined> {
    const table = await this.o.registry.getOrRefresh(...split(run.id));
    if (!table || table.table.primaryKey.length === 0) {
      this.o.logger.info(`Incremental snapshot skips ${run.id}: ${table ? 'it has no primary key' : 'it is not captured or does not exist'}`);
      return undefined;
    }
    const pk = table.table.primaryKey;
    const res = await this.o.sql.query({
      text: `SELECT ${pk.map(quoteIdent).join(', ')} FROM ${qualifiedName(table.table)} ORDER BY ${pk.map((c) => `${quoteIdent(c)} DESC`).join(', ')} LIMIT 1`,
      types: TEXT_TYPES,
    });
    const max = res.rows[0] as Record<string, unknown> | undefined;
    run.maxKey = max ? keyOf(max, pk) : null;
    this.stateCache = null;
    this.o.logger.info(`Incremental snapshot of ${run.id} up to key ${JSON.stringify(run.maxKey)}`);
    return table;
  }

  private async watermark(kind: 'open' | 'close'): Promise<void> {
    const { schema, name } = this.o.signalTable;
    await this.o.sql.query(
      `INSERT INTO ${qualifiedName({ schema, name })} (id, type, data) VALUES ($1, $2, $3)`,
      [`${this.chunkId}-${kind}`, `snapshot-window-${kind}`, JSON.stringify({ [`${kind}WindowTimestamp`]: new Date().toISOString() })],
    );
  }

  /** The chunk's remaining rows, in key order; each record's offset names its own key as the resume point. */
  private async emitBuffer(at: StreamPosition): Promise<void> {
    const run = this.runs[0];
    const table = run ? this.table(run.id) : undefined;
    if (!run || !table) return;
    const base = { ...at.offset(), ...this.offsetState() };
    for (const [key, row] of this.buffer) {
      this.lastEmitted = key;
      await at.sink.put(changeRecord({
        table, op: 'r', key: table.key(row), before: null, after: table.value(row),
        source: at.source(table, 'incremental'), partition: this.o.partition,
        offset: { ...base, [INCREMENTAL_OFFSET_KEYS.primaryKey]: key },
      }));
    }
    this.stateCache = null;
    this.buffer.clear();
  }

  private table(id: string): TableSchema | undefined {
    return this.o.registry.get(...split(id));
  }
}

function split(id: string): [string, string] {
  const dot = id.indexOf('.');
  return [id.slice(0, dot), id.slice(dot + 1)];
}
