/**
 * PostgreSQL text representations the sink produces itself: array literals (for array columns
 * and DEFAULTs) and COPY text-format rows (the fast path). Input values are what
 * `Dialect.bind` returns: null, string, number, boolean, Buffer, or an array of those.
 */
import { escapeBulkText } from './bulk-text.js';

/** A bound scalar as PostgreSQL's text input for its column type. */
function scalarText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (Buffer.isBuffer(v)) return `\\x${v.toString('hex')}`;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN';
  return String(v);
}

/** `{"a","b\"c",NULL}`: every element quoted, so commas, braces and blanks need no special case. */
export function pgArrayLiteral(values: readonly unknown[]): string {
  const parts = values.map((v) =>
    v === null || v === undefined ? 'NULL' : Array.isArray(v) ? pgArrayLiteral(v) : `"${scalarText(v).replace(/[\\"]/g, '\\$&')}"`,
  );
  return `{${parts.join(',')}}`;
}

/** One field of COPY's text format for a bound value: `\N` for null, escapes as in bulk-text.ts. */
export function copyTextField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return escapeBulkText(v);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v); // digits, '-', '.', 'e': nothing to escape
  return escapeBulkText(Array.isArray(v) ? pgArrayLiteral(v) : scalarText(v));
}

/** One COPY text line (with its newline) for a bound row. */
export function copyTextLine(row: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) line += (i === 0 ? '' : '\t') + copyTextField(row[i]);
  return `${line}\n`;
}
