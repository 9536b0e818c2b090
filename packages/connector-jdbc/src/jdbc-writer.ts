import { ConnectException, type SinkRecord } from '@tsconnect/sdk';
import { collapseBatch } from './batch-collapse.js';
import { isTransientDbError, openSession, type DbSession } from './db-session.js';
import { tableIdToString, type Dialect, type TableId } from './dialect/dialect.js';
import type { JdbcSinkConfig } from './jdbc-sink-config.js';
import { RecordReader } from './record-reader.js';
import type { DeleteOp, RowShape, WriteOp } from './sink-op.js';
import { TableManager } from './table-manager.js';

/** Ops of one table that run in one transaction: same row shape, at most batch.size records. */
export interface Segment {
  readonly table: TableId;
  readonly truncateFirst: boolean;
  shape: RowShape | null;
  readonly ops: (WriteOp | DeleteOp)[];
}

type WriterConfig = Pick<JdbcSinkConfig, 'connection' | 'insertMode' | 'batchSize' | 'maxRetries' | 'retryBackoffMs' | 'autoCreate' | 'autoEvolve'> &
  ConstructorParameters<typeof RecordReader>[0];

/** Splits records into per-table segments, preserving Kafka order within each table. */
export function segment(reader: RecordReader, records: readonly SinkRecord[], batchSize: number): Segment[] {
  const byTable = new Map<string, Segment[]>();
  for (const record of records) {
    const op = reader.read(record);
    if (!op) continue;
    const key = tableIdToString(op.table);
    let list = byTable.get(key);
    if (!list) byTable.set(key, (list = []));
    if (op.type === 'truncate') {
      // Everything of this table before the truncate is wiped by it, so none of it is written.
      list.length = 0;
      list.push({ table: op.table, truncateFirst: true, shape: null, ops: [] });
      continue;
    }
    let current = list.at(-1);
    const shapeChanged = op.type === 'write' && current?.shape && current.shape.signature !== op.shape.signature;
    if (!current || shapeChanged || current.ops.length >= batchSize) {
      list.push((current = { table: op.table, truncateFirst: false, shape: null, ops: [] }));
    }
    if (op.type === 'write') current.shape ??= op.shape;
    current.ops.push(op);
  }
  return [...byTable.values()].flat();
}

/** Writes records synchronously (as Confluent's sink does in put), one transaction per segment. */
export class JdbcWriter {
  private session: DbSession | null = null;
  private readonly reader: RecordReader;
  private readonly tables: TableManager;

  constructor(
    private readonly config: WriterConfig,
    private readonly dialect: Dialect,
    private readonly signal?: AbortSignal,
  ) {
    this.reader = new RecordReader(config);
    this.tables = new TableManager(dialect, config);
  }

  async write(records: readonly SinkRecord[]): Promise<void> {
    for (const seg of segment(this.reader, records, this.config.batchSize)) await this.withRetry(seg);
  }

  async close(): Promise<void> {
    const s = this.session;
    this.session = null;
    await s?.close();
  }

  private async withRetry(seg: Segment): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        this.session ??= await openSession(this.config.connection, this.dialect);
        await this.writeSegment(this.session, seg);
        return;
      } catch (e) {
        this.tables.invalidate(seg.table);
        const transient = isTransientDbError(e);
        if (transient) await this.close();
        if (!transient || attempt >= this.config.maxRetries || this.signal?.aborted) {
          if (e instanceof ConnectException) throw e;
          const code = (e as { code?: string }).code;
          throw new ConnectException(
            `Writing ${seg.ops.length} record(s) (first ${seg.ops[0]?.source ?? 'n/a'}) to table "${tableIdToString(seg.table)}" failed` +
              `${attempt > 0 ? ` after ${attempt} retries` : ''}: ${(e as Error).message}${code ? ` (${code})` : ''}`,
            { cause: e },
          );
        }
        await sleep(this.config.retryBackoffMs, this.signal);
      }
    }
  }

  private async writeSegment(session: DbSession, seg: Segment): Promise<void> {
    const { deletes, writes } = collapseBatch(seg.ops);
    if (seg.shape) await this.tables.ensure(session, seg.table, seg.shape);
    else if (!(await this.tables.exists(session, seg.table))) {
      // Deletes or a truncate on a table that was never created: there is nothing to remove.
      return;
    }
    await session.execute('BEGIN');
    try {
      if (seg.truncateFirst) await session.execute(this.dialect.truncate(seg.table));
      await this.runDeletes(session, seg.table, deletes);
      if (seg.shape && writes.length > 0) await this.runWrites(session, seg.table, seg.shape, writes);
      await session.execute('COMMIT');
    } catch (e) {
      await session.execute('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  private async runDeletes(session: DbSession, table: TableId, deletes: readonly DeleteOp[]): Promise<void> {
    if (deletes.length === 0) return;
    const keys = deletes[0]!.keys;
    const rows = deletes.map((d) => d.keyValues.map((v, i) => this.dialect.bind(keys[i]!, v)));
    for (const chunk of chunks(rows, Math.floor(this.dialect.maxParams / keys.length))) {
      await session.execute(this.dialect.delete(table, keys, chunk));
    }
  }

  private async runWrites(session: DbSession, table: TableId, shape: RowShape, writes: readonly WriteOp[]): Promise<void> {
    const columns = [...shape.keys, ...shape.nonKeys];
    const rows = writes.map((w) => w.values.map((v, i) => this.dialect.bind(columns[i]!, v)));
    const perStatement = Math.floor(this.dialect.maxParams / columns.length);
    switch (this.config.insertMode) {
      case 'insert':
        for (const chunk of chunks(rows, perStatement)) await session.execute(this.dialect.insert(table, columns, chunk));
        return;
      case 'upsert':
        for (const chunk of chunks(rows, perStatement)) await session.execute(this.dialect.upsert(table, shape.keys, shape.nonKeys, chunk));
        return;
      case 'update':
        // UPDATE has no multi-row form that keeps parameter types; one statement per row.
        if (shape.nonKeys.length === 0) return;
        for (const row of rows) await session.execute(this.dialect.update(table, shape.keys, shape.nonKeys, row));
        return;
    }
  }
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
