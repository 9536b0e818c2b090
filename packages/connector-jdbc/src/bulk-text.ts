/**
 * Tab-separated bulk-load text, the format both PostgreSQL's `COPY … FROM STDIN` (text format) and
 * MariaDB's `LOAD DATA` (default FIELDS/LINES options) read: `\N` is NULL, and backslash, newline,
 * carriage return and tab inside a value are written as `\\`, `\n`, `\r`, `\t`. MariaDB also gets
 * NUL as `\0` (PostgreSQL text cannot contain NUL at all, so it rejects the row either way).
 *
 * Lines are appended straight into ~1 MiB string chunks while records are read, so a batch never
 * exists as per-row arrays of strings.
 */

/** 1 for a char code that needs a backslash escape. A table lookup beats a regex per value. */
const SPECIAL = new Uint8Array(128);
for (const c of [0, 9, 10, 13, 92]) SPECIAL[c] = 1;
const ESCAPE: Record<number, string> = { 0: '\\0', 9: '\\t', 10: '\\n', 13: '\\r', 92: '\\\\' };

/** `s` with bulk-text escapes; returns `s` itself (no copy) in the common case of nothing to escape. */
export function escapeBulkText(s: string): string {
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 128 && SPECIAL[c] === 1) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  let from = i;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 128 && SPECIAL[c] === 1) {
      out += s.slice(from, i) + ESCAPE[c]!;
      from = i + 1;
    }
  }
  return out + s.slice(from);
}

const CHUNK_CHARS = 1 << 20;

/** Accumulates bulk-text lines into chunks of about 1 MiB. */
export class BulkText {
  readonly chunks: string[] = [];
  private current = '';
  /** Rows appended. */
  rows = 0;

  /** Appends one complete line (fields already escaped and tab-joined, no newline). */
  push(line: string): void {
    this.current += `${line}\n`;
    this.rows++;
    if (this.current.length >= CHUNK_CHARS) {
      this.chunks.push(this.current);
      this.current = '';
    }
  }

  /** All chunks; call once, after the last push. */
  finish(): string[] {
    if (this.current.length > 0) {
      this.chunks.push(this.current);
      this.current = '';
    }
    return this.chunks;
  }
}
