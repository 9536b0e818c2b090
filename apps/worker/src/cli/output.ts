import { stringify } from 'yaml';
import { CliError, type CliIo } from './io.js';

export const OUTPUT_FORMATS = ['table', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function parseFormat(value: string | undefined, allowed: readonly string[] = OUTPUT_FORMATS): string {
  const v = (value ?? 'table').toLowerCase();
  if (!allowed.includes(v)) throw new CliError(`Invalid value ${value} for option -o/--output: expected one of ${allowed.join(', ')}`);
  return v;
}

export type Cell = string | number | boolean | null | undefined;

/**
 * A kubectl-style table: upper-case headers, columns separated by three spaces, no borders and no
 * trailing blanks (so it greps and diffs well).
 */
export function renderTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cells = [headers.map((h) => h.toUpperCase()), ...rows.map((r) => headers.map((_, i) => text(r[i])))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('   ').trimEnd()).join('\n') + '\n';
}

function text(c: Cell): string {
  return c === null || c === undefined ? '' : String(c).replace(/\r?\n/g, ' ');
}

/** json/yaml print `data` exactly; table calls `table()` (it sees the same data). */
export function printOutput(io: CliIo, format: string, data: unknown, table: () => string): void {
  if (format === 'json') io.stdout(`${JSON.stringify(data, null, 2)}\n`);
  else if (format === 'yaml') io.stdout(stringify(data));
  else io.stdout(table());
}

/** Offsets and partitions are small JSON objects: one line each in tables. */
export const compactJson = (v: unknown): string => JSON.stringify(v);

/** `last_modified` (ms since epoch) as ISO-8601; empty when never changed. */
export const isoTime = (ms: number | null | undefined): string => (typeof ms === 'number' ? new Date(ms).toISOString() : '');
