import { DataException, DecimalValue, Struct } from '@tsconnect/sdk';
import type { ColumnKind, SinkColumn } from '../column-kind.js';
import { formatConnectDate, formatConnectTime, formatConnectTimestamp, temporal } from '../temporal.js';

/** A table as `schema.table` (PostgreSQL schema, MariaDB database) or just `table`. */
export interface TableId {
  readonly schema: string | null;
  readonly table: string;
}

export function tableIdToString(id: TableId): string {
  return id.schema ? `${id.schema}.${id.table}` : id.table;
}

/** A column as the database reports it (for auto.evolve and error messages). */
export interface DbColumn {
  readonly name: string;
  readonly type: string;
}

export type QuoteMode = 'always' | 'never';

/** A statement with positional parameters in the dialect's placeholder syntax. */
export interface Statement {
  readonly sql: string;
  readonly params: unknown[];
}

/**
 * What differs between databases: identifier quoting, placeholders, column types, upsert syntax,
 * value binding. Generic SQL (INSERT/UPDATE/DELETE with parameters) lives here once.
 */
export abstract class Dialect {
  abstract readonly name: 'postgresql' | 'mariadb';
  /** Bound parameters per statement; both PostgreSQL's protocol and MySQL's use a 16-bit count. */
  readonly maxParams: number = 65_535;
  protected abstract readonly quoteChar: string;

  constructor(
    readonly quoteMode: QuoteMode = 'always',
    /** db.timezone: the zone instants (Connect Timestamp) are written in. */
    readonly timeZone: string = 'UTC',
  ) {}

  protected abstract placeholder(index: number): string;
  abstract columnType(column: SinkColumn): string;
  abstract upsert(table: TableId, keys: readonly SinkColumn[], nonKeys: readonly SinkColumn[], rows: readonly unknown[][]): Statement;
  abstract describeTable(table: TableId): Statement;
  abstract truncate(table: TableId): string;
  /** Statements run once per connection (session time zone). */
  abstract sessionSetup(): string[];

  quote(identifier: string): string {
    if (this.quoteMode === 'never') return identifier;
    const q = this.quoteChar;
    return q + identifier.split(q).join(q + q) + q;
  }

  tableRef(id: TableId): string {
    return id.schema ? `${this.quote(id.schema)}.${this.quote(id.table)}` : this.quote(id.table);
  }

  /** `(?, ?), (?, ?)` for `rowCount` rows of `width` values, numbering from 1. */
  protected valuesList(rowCount: number, width: number): string {
    const rows: string[] = [];
    for (let r = 0; r < rowCount; r++) {
      const cells: string[] = [];
      for (let c = 0; c < width; c++) cells.push(this.placeholder(r * width + c + 1));
      rows.push(`(${cells.join(', ')})`);
    }
    return rows.join(', ');
  }

  insert(table: TableId, columns: readonly SinkColumn[], rows: readonly unknown[][]): Statement {
    const names = columns.map((c) => this.quote(c.name)).join(', ');
    return {
      sql: `INSERT INTO ${this.tableRef(table)} (${names}) VALUES ${this.valuesList(rows.length, columns.length)}`,
      params: rows.flat(),
    };
  }

  /** One row: `UPDATE t SET a = ?, b = ? WHERE k = ?`; `row` holds keys first, then non-keys. */
  update(table: TableId, keys: readonly SinkColumn[], nonKeys: readonly SinkColumn[], row: readonly unknown[]): Statement {
    let n = 0;
    const set = nonKeys.map((c) => `${this.quote(c.name)} = ${this.placeholder(++n)}`).join(', ');
    const where = keys.map((c) => `${this.quote(c.name)} = ${this.placeholder(++n)}`).join(' AND ');
    return {
      sql: `UPDATE ${this.tableRef(table)} SET ${set} WHERE ${where}`,
      params: [...row.slice(keys.length), ...row.slice(0, keys.length)],
    };
  }

  /** `DELETE … WHERE (k1, k2) IN ((?, ?), …)`, or `k IN (?, …)` for a single key column. */
  delete(table: TableId, keys: readonly SinkColumn[], keyRows: readonly unknown[][]): Statement {
    const target = keys.length === 1 ? this.quote(keys[0]!.name) : `(${keys.map((c) => this.quote(c.name)).join(', ')})`;
    const list = keys.length === 1
      ? keyRows.map((_r, i) => this.placeholder(i + 1)).join(', ')
      : this.valuesList(keyRows.length, keys.length);
    return { sql: `DELETE FROM ${this.tableRef(table)} WHERE ${target} IN (${list})`, params: keyRows.flat() };
  }

  /** A bound value as a SQL literal, for DEFAULT clauses. */
  protected abstract literal(bound: unknown): string;

  /** ` DEFAULT <literal>` from the field's schema default (Confluent does the same), or ''. */
  defaultClause(column: SinkColumn): string {
    const dflt = column.schema.defaultValue;
    if (dflt === null || dflt === undefined) return '';
    return ` DEFAULT ${this.literal(this.bind(column, dflt))}`;
  }

  createTable(table: TableId, columns: readonly SinkColumn[]): string {
    const defs = columns.map((c) =>
      `${this.quote(c.name)} ${this.columnType(c)}${this.defaultClause(c)}${c.optional && !c.primaryKey ? ' NULL' : ' NOT NULL'}`);
    const pk = columns.filter((c) => c.primaryKey).map((c) => this.quote(c.name));
    if (pk.length > 0) defs.push(`PRIMARY KEY (${pk.join(', ')})`);
    return `CREATE TABLE ${this.tableRef(table)} (\n  ${defs.join(',\n  ')}\n)`;
  }

  /** New columns are always nullable: existing rows have no value for them. */
  addColumns(table: TableId, columns: readonly SinkColumn[]): string {
    const adds = columns.map((c) => `ADD COLUMN ${this.quote(c.name)} ${this.columnType(c)}${this.defaultClause(c)} NULL`);
    return `ALTER TABLE ${this.tableRef(table)} ${adds.join(', ')}`;
  }

  /** The driver parameter for a Connect value of `column` (null stays null; arrays stay JS arrays of bound elements). */
  bind(column: SinkColumn, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    try {
      return this.bindKind(column.kind, value, column);
    } catch (e) {
      if (e instanceof DataException) throw new DataException(`Field "${column.name}": ${e.message}`);
      throw e;
    }
  }

  protected bindKind(kind: ColumnKind, value: unknown, column: SinkColumn): unknown {
    switch (kind) {
      case 'int64':
        return typeof value === 'bigint' ? value.toString() : value;
      case 'bytes':
      case 'bits':
        return Buffer.from(value as Uint8Array);
      case 'decimal':
        return decimalText(value, column);
      case 'variableScaleDecimal': {
        const s = value as Struct;
        return new DecimalValue(unscaledFromBytes(s.get('value') as Uint8Array), s.get('scale') as number).toString();
      }
      case 'date':
        return formatConnectDate(value);
      case 'time':
        return formatConnectTime(value);
      case 'timestamp':
        return formatConnectTimestamp(value, this.timeZone);
      case 'epochDays':
      case 'millisTime':
      case 'microTime':
      case 'nanoTime':
      case 'millisTimestamp':
      case 'microTimestamp':
      case 'nanoTimestamp':
        return temporal[kind](value);
      case 'microDuration':
        return typeof value === 'bigint' ? value.toString() : value;
      case 'array': {
        if (!Array.isArray(value)) throw new DataException(`Expected an array, got ${typeof value}`);
        const element = column.element!;
        return value.map((v: unknown) => (v === null || v === undefined ? null : this.bindKind(element.kind, v, element)));
      }
      default:
        return value;
    }
  }
}

function decimalText(value: unknown, column: SinkColumn): string {
  if (value instanceof DecimalValue) return value.toString();
  if (value instanceof Uint8Array) {
    const scale = Number(column.schema.parameters?.['scale'] ?? '0');
    return new DecimalValue(unscaledFromBytes(value), scale).toString();
  }
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string') return String(value);
  throw new DataException(`Expected a DecimalValue, got ${String(value)}`);
}

/** Two's-complement big-endian bytes → bigint (Java's BigInteger(byte[])). */
export function unscaledFromBytes(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return bytes[0]! & 0x80 ? n - (1n << BigInt(bytes.length * 8)) : n;
}
