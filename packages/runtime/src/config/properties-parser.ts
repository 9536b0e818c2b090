/**
 * Parses the Java `.properties` format (java.util.Properties#load) so the worker.properties files
 * written for Kafka Connect work unchanged: `#`/`!` comments, `=`, `:` or whitespace separators,
 * `\` line continuations, and `\t \n \r \f \uXXXX` escapes. Later keys win, as in Java.
 */
export function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const logical of logicalLines(text)) {
    const { key, value } = splitKeyValue(logical);
    out[unescape(key)] = unescape(value);
  }
  return out;
}

/** Joins continuation lines; drops blank and comment lines. */
function logicalLines(text: string): string[] {
  const physical = text.split(/\r\n|\r|\n/);
  const result: string[] = [];
  let current: string | null = null;
  for (const raw of physical) {
    const line = raw.replace(/^[ \t\f]+/, ''); // Java strips leading whitespace of continuations too
    if (current === null && (line === '' || line.startsWith('#') || line.startsWith('!'))) continue;
    const joined: string = (current ?? '') + line;
    if (endsWithOddBackslashes(joined)) {
      current = joined.slice(0, -1);
      continue;
    }
    result.push(joined);
    current = null;
  }
  // A continuation on the last line: Java keeps what was read so far.
  if (current !== null) result.push(current);
  return result;
}

function endsWithOddBackslashes(s: string): boolean {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

/** The key ends at the first unescaped `=`, `:` or whitespace; the separator may be padded. */
function splitKeyValue(line: string): { key: string; value: string } {
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') break;
    i++;
  }
  const key = line.slice(0, i);
  let j = i;
  while (j < line.length && (line[j] === ' ' || line[j] === '\t' || line[j] === '\f')) j++;
  if (j < line.length && (line[j] === '=' || line[j] === ':')) j++;
  while (j < line.length && (line[j] === ' ' || line[j] === '\t' || line[j] === '\f')) j++;
  return { key, value: line.slice(j) };
}

const ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

function unescape(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i === s.length - 1) {
      out += c;
      continue;
    }
    const next = s[++i]!;
    if (next === 'u') {
      const hex = s.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Error(`Malformed \\uxxxx encoding in properties: "\\u${hex}"`);
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else {
      out += ESCAPES[next] ?? next;
    }
  }
  return out;
}
