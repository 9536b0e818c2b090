import type pg from 'pg';
import type { ColumnMetadata, TableMetadata } from './table-metadata.js';
import type { PgColumnType } from '../values/type-mapping.js';

const COLUMNS_SQL = `
SELECT a.attname AS name, a.attnum AS position, a.attnotnull AS not_null,
       pg_get_expr(d.adbin, d.adrelid) AS default_expression, col_description(c.oid, a.attnum) AS comment,
       CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END AS type_oid,
       CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS typmod,
       bt.typname AS type_name, bt.typtype AS typtype, bt.typcategory AS category,
       et.oid AS element_oid, et.typname AS element_type_name,
       (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_enum e
         WHERE e.enumtypid = CASE WHEN bt.typcategory = 'A' THEN bt.typelem ELSE bt.oid END) AS enum_values
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_type t ON t.oid = a.atttypid
  JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
  LEFT JOIN pg_type et ON bt.typcategory = 'A' AND et.oid = bt.typelem
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE c.oid = $1 AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
 ORDER BY a.attnum`;

const TABLE_SQL = `
SELECT c.oid, n.nspname AS schema, c.relname AS name, c.relreplident AS replica_identity,
       ARRAY(SELECT a.attname::text FROM pg_index i
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
              WHERE i.indrelid = c.oid AND i.indisprimary
              ORDER BY array_position(i.indkey::int2[], a.attnum)) AS primary_key
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')`;

const TABLES_SQL = `
SELECT n.nspname AS schema, c.relname AS name
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
   AND n.nspname NOT LIKE 'pg_temp%'
 ORDER BY 1, 2`;

const TYPE_SQL = `
SELECT bt.oid AS type_oid, bt.typname AS type_name, bt.typtype AS typtype, bt.typcategory AS category,
       et.oid AS element_oid, et.typname AS element_type_name,
       (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_enum e
         WHERE e.enumtypid = CASE WHEN bt.typcategory = 'A' THEN bt.typelem ELSE bt.oid END) AS enum_values
  FROM pg_type t
  JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
  LEFT JOIN pg_type et ON bt.typcategory = 'A' AND et.oid = bt.typelem
 WHERE t.oid = $1`;

interface ColumnRow {
  name: string; position: number; not_null: boolean; default_expression: string | null; comment: string | null;
  type_oid: number; typmod: number; type_name: string; typtype: string; category: string;
  element_oid: number | null; element_type_name: string | null; enum_values: string[] | null;
}

/** Reads table structure from the catalog, the way Debezium refreshes its schema from JDBC metadata. */
export class TableMetadataReader {
  constructor(private readonly client: pg.Client) {}

  /** Every user table of the database as `{schema, name}`, in name order. */
  async listTables(): Promise<{ schema: string; name: string }[]> {
    return (await this.client.query<{ schema: string; name: string }>(TABLES_SQL)).rows;
  }

  /** A type by OID, domains resolved to their base type; null when unknown. */
  async readType(oid: number): Promise<Omit<PgColumnType, 'typmod'> | null> {
    const r = (await this.client.query<Omit<ColumnRow, 'name' | 'position' | 'not_null' | 'default_expression' | 'comment' | 'typmod'>>(
      TYPE_SQL, [oid])).rows[0];
    if (!r) return null;
    return {
      typeOid: Number(r.type_oid), typeName: r.type_name,
      ...(r.enum_values && (r.typtype === 'e' || r.category === 'A') && { enumValues: r.enum_values }),
      ...(r.element_oid !== null && { elementOid: Number(r.element_oid), elementTypeName: r.element_type_name ?? '' }),
    };
  }

  /** The table's metadata, or null when it does not exist (any more). */
  async read(schema: string, name: string): Promise<TableMetadata | null> {
    const t = (await this.client.query<{ oid: number; schema: string; name: string; replica_identity: string; primary_key: string[] }>(
      TABLE_SQL, [schema, name])).rows[0];
    if (!t) return null;
    const rows = (await this.client.query<ColumnRow>(COLUMNS_SQL, [t.oid])).rows;
    const columns: ColumnMetadata[] = rows.map((r) => ({
      name: r.name,
      position: Number(r.position),
      notNull: r.not_null,
      defaultExpression: r.default_expression,
      comment: r.comment,
      typeOid: Number(r.type_oid),
      typmod: Number(r.typmod),
      typeName: r.type_name,
      ...(r.enum_values && (r.typtype === 'e' || r.category === 'A') && { enumValues: r.enum_values }),
      ...(r.element_oid !== null && { elementOid: Number(r.element_oid), elementTypeName: r.element_type_name ?? '' }),
    }));
    return { schema: t.schema, name: t.name, oid: Number(t.oid), columns, primaryKey: t.primary_key, replicaIdentity: t.replica_identity };
  }
}
