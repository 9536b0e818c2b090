/** Quotes an SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes an SQL string literal (standard_conforming_strings on). */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A table reference: `{ schema, name }`, or a string `table` / `schema.table` (split at the first dot). */
export type TableRef = string | { readonly schema?: string; readonly name: string };

export function quoteTable(table: TableRef): string {
  if (typeof table !== 'string') {
    return table.schema ? `${quoteIdent(table.schema)}.${quoteIdent(table.name)}` : quoteIdent(table.name);
  }
  const dot = table.indexOf('.');
  return dot < 0 ? quoteIdent(table) : `${quoteIdent(table.slice(0, dot))}.${quoteIdent(table.slice(dot + 1))}`;
}
