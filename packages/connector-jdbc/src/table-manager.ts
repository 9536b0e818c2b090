import { ConnectException } from '@tsconnect/sdk';
import type { SinkColumn } from './column-kind.js';
import type { DbSession } from './db-session.js';
import { tableIdToString, type DbColumn, type Dialect, type TableId } from './dialect/dialect.js';
import type { RowShape } from './sink-op.js';

/**
 * Knows each target table's columns (cached) and applies auto.create / auto.evolve. DDL runs
 * outside the data transaction: MariaDB commits DDL implicitly anyway.
 */
export class TableManager {
  private readonly cache = new Map<string, DbColumn[]>();

  constructor(
    private readonly dialect: Dialect,
    private readonly options: { autoCreate: boolean; autoEvolve: boolean },
  ) {}

  /** Forget what we know (after a failed write: someone may have altered the table). */
  invalidate(table: TableId): void {
    this.cache.delete(tableIdToString(table));
  }

  async columns(session: DbSession, table: TableId): Promise<DbColumn[]> {
    const key = tableIdToString(table);
    let cols = this.cache.get(key);
    if (!cols) {
      const rows = await session.query(this.dialect.describeTable(table));
      cols = rows.map((r) => ({ name: String(r['name'] ?? r['NAME']), type: String(r['type'] ?? r['TYPE']) }));
      if (cols.length > 0) this.cache.set(key, cols);
    }
    return cols;
  }

  async exists(session: DbSession, table: TableId): Promise<boolean> {
    return (await this.columns(session, table)).length > 0;
  }

  /** Makes sure `table` has a column for every field of `shape`, or throws saying which are missing. */
  async ensure(session: DbSession, table: TableId, shape: RowShape): Promise<void> {
    const wanted = [...shape.keys, ...shape.nonKeys];
    const name = tableIdToString(table);
    let existing = await this.columns(session, table);
    if (existing.length === 0) {
      if (!this.options.autoCreate) {
        throw new ConnectException(`Table "${name}" is missing and auto-creation is disabled (set auto.create=true)`);
      }
      try {
        await session.execute(this.dialect.createTable(table, wanted));
      } catch (e) {
        // Another task may have created it concurrently; only fail if it still does not exist.
        this.invalidate(table);
        if (!(await this.exists(session, table))) throw e;
      }
      this.invalidate(table);
      existing = await this.columns(session, table);
    }
    const missing = this.missingColumns(existing, wanted);
    if (missing.length === 0) return;
    if (!this.options.autoEvolve) {
      throw new ConnectException(
        `Table "${name}" is missing fields (${missing.map((c) => c.name).join(', ')}) and auto-evolution is disabled (set auto.evolve=true)`,
      );
    }
    await session.execute(this.dialect.addColumns(table, missing));
    this.invalidate(table);
    const after = await this.columns(session, table);
    const still = this.missingColumns(after, wanted);
    if (still.length > 0) throw new ConnectException(`Table "${name}" still lacks columns ${still.map((c) => c.name).join(', ')} after ALTER TABLE`);
  }

  /** Case-insensitive where the database is: MariaDB column names, unquoted PostgreSQL names. */
  private missingColumns(existing: readonly DbColumn[], wanted: readonly SinkColumn[]): SinkColumn[] {
    const exact = new Set(existing.map((c) => c.name));
    const folded = new Set(existing.map((c) => c.name.toLowerCase()));
    return wanted.filter((c) => !exact.has(c.name) && ((this.dialect.name === 'postgresql' && this.dialect.quoteMode === 'always') || !folded.has(c.name.toLowerCase())));
  }
}
