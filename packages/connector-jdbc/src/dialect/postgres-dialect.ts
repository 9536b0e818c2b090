import type { ColumnKind, ScalarKind, SinkColumn } from '../column-kind.js';
import { pgArrayLiteral } from '../pg-text.js';
import { Dialect, type Statement, type TableId } from './dialect.js';

const TYPES: Readonly<Record<ScalarKind, string>> = {
  int8: 'smallint', // PostgreSQL has no 1-byte integer
  int16: 'smallint',
  int32: 'integer',
  int64: 'bigint',
  float32: 'real',
  float64: 'double precision',
  boolean: 'boolean',
  string: 'text',
  bytes: 'bytea',
  decimal: 'numeric',
  variableScaleDecimal: 'numeric',
  date: 'date',
  time: 'time(3)',
  timestamp: 'timestamp(3)',
  epochDays: 'date',
  millisTime: 'time(3)',
  microTime: 'time(6)',
  nanoTime: 'time(6)',
  millisTimestamp: 'timestamp(3)',
  microTimestamp: 'timestamp(6)',
  nanoTimestamp: 'timestamp(6)',
  zonedTimestamp: 'timestamptz',
  zonedTime: 'timetz',
  microDuration: 'interval',
  interval: 'interval',
  json: 'jsonb',
  xml: 'xml',
  uuid: 'uuid',
  enum: 'text',
  bits: 'bytea',
};

export class PostgresDialect extends Dialect {
  readonly name = 'postgresql' as const;
  protected readonly quoteChar = '"';

  protected placeholder(index: number): string {
    return `$${index}`;
  }

  columnType(column: SinkColumn): string {
    return column.kind === 'array' ? `${this.columnType(column.element!)}[]` : TYPES[column.kind];
  }

  protected literal(bound: unknown): string {
    if (typeof bound === 'boolean') return bound ? 'TRUE' : 'FALSE';
    if (typeof bound === 'number') return Number.isFinite(bound) ? String(bound) : `'${String(bound)}'`;
    const text = Buffer.isBuffer(bound) ? `\\x${bound.toString('hex')}` : Array.isArray(bound) ? pgArrayLiteral(bound) : String(bound);
    return `'${text.replace(/'/g, "''")}'`;
  }

  upsert(table: TableId, keys: readonly SinkColumn[], nonKeys: readonly SinkColumn[], rows: readonly unknown[][]): Statement {
    const base = this.insert(table, [...keys, ...nonKeys], rows);
    const conflict = keys.map((c) => this.quote(c.name)).join(', ');
    const action = nonKeys.length === 0
      ? 'DO NOTHING'
      : `DO UPDATE SET ${nonKeys.map((c) => `${this.quote(c.name)} = EXCLUDED.${this.quote(c.name)}`).join(', ')}`;
    return { sql: `${base.sql} ON CONFLICT (${conflict}) ${action}`, params: base.params };
  }

  describeTable(table: TableId): Statement {
    // Unquoted identifiers fold to lower case in PostgreSQL, so look them up that way.
    const fold = (s: string) => (this.quoteMode === 'never' ? s.toLowerCase() : s);
    return {
      sql: 'SELECT column_name AS name, data_type AS type FROM information_schema.columns ' +
        'WHERE table_schema = COALESCE($1, current_schema()) AND table_name = $2 ORDER BY ordinal_position',
      params: [table.schema === null ? null : fold(table.schema), fold(table.table)],
    };
  }

  truncate(table: TableId): string {
    return `TRUNCATE TABLE ${this.tableRef(table)}`;
  }

  sessionSetup(): string[] {
    // temp_buffers (8MB by default) holds the COPY stage table in memory; it can only be set
    // before the session touches its first temporary table.
    return [`SET TIME ZONE '${this.timeZone.replace(/'/g, "''")}'`, "SET temp_buffers = '64MB'"];
  }

  protected override bindKind(kind: ColumnKind, value: unknown, column: SinkColumn): unknown {
    // interval input accepts '<n> microseconds' exactly.
    if (kind === 'microDuration') return `${String(value)} microseconds`;
    return super.bindKind(kind, value, column);
  }
}
