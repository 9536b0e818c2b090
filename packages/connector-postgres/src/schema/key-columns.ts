import { ConfigException } from '@tsconnect/sdk';

/** One `message.key.columns` entry: tables matching `table` use `columns` as the key. */
export interface KeyColumnsRule {
  readonly table: RegExp;
  readonly columns: readonly string[];
}

/** Parses `<table regex>:<col>,<col>;<table regex>:<col>` (Debezium's message.key.columns). */
export function parseMessageKeyColumns(text: string | null): KeyColumnsRule[] {
  if (!text || !text.trim()) return [];
  return text.split(';').filter((p) => p.trim()).map((part) => {
    const colon = part.lastIndexOf(':');
    const columns = colon < 0 ? [] : part.slice(colon + 1).split(',').map((c) => c.trim()).filter(Boolean);
    if (colon <= 0 || columns.length === 0) {
      throw new ConfigException('message.key.columns', text,
        `Entry "${part.trim()}" must look like "<fully-qualified table regex>:<column>[,<column>…]"`);
    }
    return { table: new RegExp(`^(?:${part.slice(0, colon).trim()})$`, 'i'), columns };
  });
}

/** Key columns for `schema.table`: the first matching rule's columns, else the primary key. */
export function keyColumnsFor(id: string, primaryKey: readonly string[], rules: readonly KeyColumnsRule[]): readonly string[] {
  return rules.find((r) => r.table.test(id))?.columns ?? primaryKey;
}
