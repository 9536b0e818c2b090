import { describe, expect, it } from 'vitest';
import { BulkText, escapeBulkText } from './bulk-text.js';
import { mariaDbBulkField } from './mariadb-load.js';
import { copyTextField } from './pg-text.js';

describe('bulk text', () => {
  it('escapes backslash, tab, newline, CR and NUL, and returns clean strings unchanged', () => {
    const clean = 'plain ünï 😀 "quotes" \'apos\'';
    expect(escapeBulkText(clean)).toBe(clean);
    expect(escapeBulkText('a\\b\tc\nd\re\u0000f')).toBe('a\\\\b\\tc\\nd\\re\\0f');
    expect(escapeBulkText('\\N')).toBe('\\\\N');
    expect(escapeBulkText('\t')).toBe('\\t');
    expect(escapeBulkText('')).toBe('');
  });

  it('renders bound values per database', () => {
    expect([null, 'x\ty', 12, -1.5, true, false, Infinity, Buffer.from([0, 92]), ['a', null]].map(copyTextField))
      .toEqual(['\\N', 'x\\ty', '12', '-1.5', 't', 'f', 'Infinity', '\\\\x005c', '{"a",NULL}']);
    expect([null, 'x\ty', 12, -1.5, true, false, '2024-01-01 00:00:00.000'].map(mariaDbBulkField))
      .toEqual(['\\N', 'x\\ty', '12', '-1.5', '1', '0', '2024-01-01 00:00:00.000']);
  });

  it('cuts lines into chunks of about 1 MiB, never inside a line', () => {
    const text = new BulkText();
    const line = 'x'.repeat(1000);
    for (let i = 0; i < 2100; i++) text.push(line);
    const chunks = text.finish();
    expect(text.rows).toBe(2100);
    expect(chunks.length).toBe(3);
    expect(chunks.every((c) => c.endsWith('\n'))).toBe(true);
    expect(chunks.join('')).toBe(`${line}\n`.repeat(2100));
  });
});
