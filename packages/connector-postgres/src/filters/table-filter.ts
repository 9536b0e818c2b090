import type { PostgresConnectorConfig } from '../config/postgres-connector-config.js';

const SYSTEM_SCHEMAS = /^(pg_catalog|information_schema|pg_toast.*|pg_temp.*)$/;

/** Anchored, case-insensitive patterns, as Debezium's include/exclude lists. */
function patterns(list: readonly string[]): RegExp[] {
  return list.map((re) => new RegExp(`^(?:${re})$`, 'i'));
}

/**
 * Debezium's table and column selection: include lists win over exclude lists, system schemas are
 * never captured. Ids are `schema.table` and `schema.table.column`.
 */
export class TableFilter {
  private readonly schemaInclude: RegExp[];
  private readonly schemaExclude: RegExp[];
  private readonly tableInclude: RegExp[];
  private readonly tableExclude: RegExp[];
  private readonly columnInclude: RegExp[];
  private readonly columnExclude: RegExp[];

  constructor(config: Pick<PostgresConnectorConfig,
    'schemaIncludeList' | 'schemaExcludeList' | 'tableIncludeList' | 'tableExcludeList' | 'columnIncludeList' | 'columnExcludeList'>) {
    this.schemaInclude = patterns(config.schemaIncludeList);
    this.schemaExclude = patterns(config.schemaExcludeList);
    this.tableInclude = patterns(config.tableIncludeList);
    this.tableExclude = patterns(config.tableExcludeList);
    this.columnInclude = patterns(config.columnIncludeList);
    this.columnExclude = patterns(config.columnExcludeList);
  }

  isTableIncluded(schema: string, table: string): boolean {
    if (SYSTEM_SCHEMAS.test(schema)) return false;
    if (this.schemaInclude.length ? !matches(this.schemaInclude, schema) : matches(this.schemaExclude, schema)) return false;
    const id = `${schema}.${table}`;
    return this.tableInclude.length ? matches(this.tableInclude, id) : !matches(this.tableExclude, id);
  }

  isColumnIncluded(schema: string, table: string, column: string): boolean {
    const id = `${schema}.${table}.${column}`;
    return this.columnInclude.length ? matches(this.columnInclude, id) : !matches(this.columnExclude, id);
  }
}

function matches(list: readonly RegExp[], id: string): boolean {
  return list.some((re) => re.test(id));
}

/**
 * Debezium's LogicalDecodingMessageFilter: which pg_logical_emit_message() prefixes are captured
 * (anchored, case-insensitive; the include list, when set, decides alone).
 */
export function messagePrefixFilter(
  config: Pick<PostgresConnectorConfig, 'messagePrefixIncludeList' | 'messagePrefixExcludeList'>,
): (prefix: string) => boolean {
  const include = patterns(config.messagePrefixIncludeList);
  const exclude = patterns(config.messagePrefixExcludeList);
  if (include.length) return (prefix) => matches(include, prefix);
  if (exclude.length) return (prefix) => !matches(exclude, prefix);
  return () => true;
}
