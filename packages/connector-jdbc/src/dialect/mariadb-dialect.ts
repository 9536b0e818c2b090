import { DataException } from '@tsconnect/sdk';
import type { ColumnKind, ScalarKind, SinkColumn } from '../column-kind.js';
import { formatInstant, parseZonedTimestamp, zonedTimeToUtc } from '../temporal.js';
import { Dialect, type Statement, type TableId } from './dialect.js';

const TYPES: Readonly<Record<ScalarKind, string>> = {
  int8: 'TINYINT',
  int16: 'SMALLINT',
  int32: 'INT',
  int64: 'BIGINT',
  float32: 'FLOAT',
  float64: 'DOUBLE',
  boolean: 'BOOLEAN',
  string: 'LONGTEXT',
  bytes: 'LONGBLOB',
  decimal: 'DECIMAL', // precision/scale added below
  variableScaleDecimal: 'DECIMAL(65,30)',
  date: 'DATE',
  time: 'TIME(3)',
  timestamp: 'DATETIME(3)',
  epochDays: 'DATE',
  millisTime: 'TIME(3)',
  microTime: 'TIME(6)',
  nanoTime: 'TIME(6)',
  millisTimestamp: 'DATETIME(3)',
  microTimestamp: 'DATETIME(6)',
  nanoTimestamp: 'DATETIME(6)',
  zonedTimestamp: 'DATETIME(6)', // converted to db.timezone: MariaDB has no zoned type
  zonedTime: 'TIME(6)', // converted to UTC
  microDuration: 'BIGINT',
  interval: 'VARCHAR(255)',
  json: 'JSON',
  xml: 'LONGTEXT',
  uuid: 'CHAR(36)',
  enum: 'LONGTEXT',
  bits: 'LONGBLOB',
};

/** Key columns must be indexable: TEXT/BLOB cannot be primary keys without a prefix length. */
const KEY_TYPES: Partial<Record<ColumnKind, string>> = {
  string: 'VARCHAR(255)',
  enum: 'VARCHAR(255)',
  xml: 'VARCHAR(255)',
  json: 'VARCHAR(255)',
  bytes: 'VARBINARY(255)',
  bits: 'VARBINARY(255)',
};

export class MariaDbDialect extends Dialect {
  readonly name = 'mariadb' as const;
  protected readonly quoteChar = '`';

  protected placeholder(): string {
    return '?';
  }

  columnType(column: SinkColumn): string {
    if (column.kind === 'array') throw noArrays(column);
    if (column.primaryKey && KEY_TYPES[column.kind]) return KEY_TYPES[column.kind]!;
    if (column.kind === 'decimal') {
      const scale = Math.min(Number(column.schema.parameters?.['scale'] ?? '0'), 38);
      return `DECIMAL(65,${scale})`;
    }
    return TYPES[column.kind];
  }

  protected literal(bound: unknown): string {
    if (typeof bound === 'boolean') return bound ? 'TRUE' : 'FALSE';
    if (typeof bound === 'number') return String(bound);
    if (Buffer.isBuffer(bound)) return `X'${bound.toString('hex')}'`;
    // Backslash is an escape character in MariaDB string literals (unless NO_BACKSLASH_ESCAPES).
    return `'${String(bound).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  }

  upsert(table: TableId, keys: readonly SinkColumn[], nonKeys: readonly SinkColumn[], rows: readonly unknown[][]): Statement {
    const base = this.insert(table, [...keys, ...nonKeys], rows);
    const set = nonKeys.length === 0
      ? `${this.quote(keys[0]!.name)} = ${this.quote(keys[0]!.name)}`
      : nonKeys.map((c) => `${this.quote(c.name)} = VALUES(${this.quote(c.name)})`).join(', ');
    return { sql: `${base.sql} ON DUPLICATE KEY UPDATE ${set}`, params: base.params };
  }

  describeTable(table: TableId): Statement {
    return {
      sql: 'SELECT column_name AS name, column_type AS type FROM information_schema.columns ' +
        'WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ? ORDER BY ordinal_position',
      params: [table.schema, table.table],
    };
  }

  /** DELETE, not TRUNCATE: TRUNCATE commits implicitly and would break the batch's transaction. */
  truncate(table: TableId): string {
    return `DELETE FROM ${this.tableRef(table)}`;
  }

  sessionSetup(): string[] {
    // Named zones need the server's time zone tables; UTC works everywhere.
    return this.timeZone === 'UTC' ? ["SET time_zone = '+00:00'"] : [];
  }

  protected override bindKind(kind: ColumnKind, value: unknown, column: SinkColumn): unknown {
    switch (kind) {
      case 'zonedTimestamp':
        return formatInstant(parseZonedTimestamp(String(value)), this.timeZone);
      case 'zonedTime':
        return zonedTimeToUtc(String(value));
      case 'microDuration':
        return value;
      case 'array':
        throw noArrays(column);
      default:
        return super.bindKind(kind, value, column);
    }
  }
}

function noArrays(column: SinkColumn): DataException {
  return new DataException(
    `Field "${column.name}" is an array; MariaDB has no array columns (arrays map to PostgreSQL arrays only). Drop or flatten the field`,
  );
}
