/** An element parser; receives the unescaped element text. */
export type ElementParser = (text: string) => unknown;

/** Thrown for malformed array literals; the decoder rewraps it as a PgoutputDecodeError. */
export class ArrayLiteralError extends Error {
  override readonly name = 'ArrayLiteralError';
}

/**
 * Parses a PostgreSQL array literal (`array_out` format) into nested JS arrays:
 * `{1,NULL,"a\"b"}`, `{{1,2},{3,4}}`, `[0:1]={7,8}` (bounds are dropped), `{}`.
 * Unquoted `NULL` (any case) is null; quoted `"NULL"` is the string.
 */
export function parseArrayLiteral(
  text: string,
  parseElement: ElementParser,
  delimiter = ',',
): unknown[] {
  let i = 0;
  const fail = (what: string): never => {
    throw new ArrayLiteralError(`invalid array literal (${what}) at ${i}: ${text.slice(0, 80)}`);
  };
  if (text[0] === '[') {
    const eq = text.indexOf('=');
    if (eq < 0) fail('dimension decoration without =');
    i = eq + 1;
  }
  const parseLevel = (): unknown[] => {
    if (text[i] !== '{') fail('expected {');
    i++;
    const out: unknown[] = [];
    if (text[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      const c = text[i];
      if (c === '{') {
        out.push(parseLevel());
      } else if (c === '"') {
        i++;
        let s = '';
        for (;;) {
          if (i >= text.length) fail('unterminated quoted element');
          const ch = text[i++] as string;
          if (ch === '\\') {
            if (i >= text.length) fail('dangling backslash');
            s += text[i++];
          } else if (ch === '"') break;
          else s += ch;
        }
        out.push(parseElement(s));
      } else {
        const start = i;
        while (i < text.length && text[i] !== delimiter && text[i] !== '}') {
          if (text[i] === '{' || text[i] === '"') fail('unexpected character');
          i++;
        }
        if (i === start) fail('empty element');
        const raw = text.slice(start, i).trim();
        out.push(raw.toUpperCase() === 'NULL' ? null : parseElement(raw));
      }
      const sep = text[i];
      if (sep === delimiter) {
        i++;
        continue;
      }
      if (sep === '}') {
        i++;
        return out;
      }
      fail('expected delimiter or }');
    }
  };
  const result = parseLevel();
  if (i !== text.length) fail('trailing characters');
  return result;
}
