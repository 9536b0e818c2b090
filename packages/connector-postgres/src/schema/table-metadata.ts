import type { PgColumnType } from '../values/type-mapping.js';

/** A column as read from the catalog (pg_attribute), domains resolved to their base type. */
export interface ColumnMetadata extends PgColumnType {
  readonly name: string;
  /** attnum, 1-based. */
  readonly position: number;
  readonly notNull: boolean;
  /** pg_get_expr of the column default, e.g. `nextval('t_id_seq'::regclass)`, `'x'::text`, `42`. */
  readonly defaultExpression: string | null;
  readonly comment: string | null;
}

/** A captured table: identity, columns in table order, primary key columns in key order. */
export interface TableMetadata {
  readonly schema: string;
  readonly name: string;
  readonly oid: number;
  readonly columns: readonly ColumnMetadata[];
  readonly primaryKey: readonly string[];
  /** pg_class.relreplident: d(efault), n(othing), f(ull), i(ndex). */
  readonly replicaIdentity: string;
}

/** `schema.table`, the id Debezium's filters and topic names use. */
export function tableId(t: { readonly schema: string; readonly name: string }): string {
  return `${t.schema}.${t.name}`;
}
