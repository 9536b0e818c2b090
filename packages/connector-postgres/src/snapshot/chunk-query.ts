import { quoteIdent } from '../connection/quote.js';
import type { TableMetadata } from '../schema/table-metadata.js';

/** `"schema"."table"`. */
export function qualifiedName(t: Pick<TableMetadata, 'schema' | 'name'>): string {
  return `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`;
}

/**
 * One primary-key range of a table, in key order: rows with key > `after` (all when null) and
 * <= `upTo` (no bound when null), at most `limit`. Key values are PostgreSQL text; the server
 * casts the parameters to the key columns' types in the row comparison.
 */
export function chunkQuery(
  t: TableMetadata, keyColumns: readonly string[], after: readonly unknown[] | null, upTo: readonly unknown[] | null,
  limit: number, condition: string | null = null,
): { text: string; values: unknown[] } {
  const cols = keyColumns.map(quoteIdent).join(', ');
  const values: unknown[] = [];
  const where: string[] = [];
  const row = (key: readonly unknown[]): string => `(${key.map((v) => { values.push(v); return `$${values.length}`; }).join(', ')})`;
  if (after) where.push(`(${cols}) > ${row(after)}`);
  if (upTo) where.push(`(${cols}) <= ${row(upTo)}`);
  if (condition) where.push(`(${condition})`);
  return {
    text: `SELECT * FROM ${qualifiedName(t)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${cols} LIMIT ${limit}`,
    values,
  };
}

/** The key values of a row (text), in key order. */
export function keyOf(row: Readonly<Record<string, unknown>>, keyColumns: readonly string[]): unknown[] {
  return keyColumns.map((c) => row[c] ?? null);
}
