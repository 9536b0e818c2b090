/**
 * java.text.SimpleDateFormat in UTC (Connect's TimestampConverter and TimestampRouter set UTC), English
 * names as a default-locale JVM prints them. Parsing is lenient like Java's: out-of-range fields roll
 * over and text after the pattern is ignored.
 */
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const PATTERN_LETTERS = 'GyYMLwWDdFEuaHkKhmsSzZX';
const NUMERIC = new Set([...'yYMLwWDdFuHkKhmsS']);

type Token = { letter: string; count: number } | { literal: string };

export class IllegalPatternException extends Error {}

export function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        tokens.push({ literal: "'" });
        i += 2;
        continue;
      }
      let text = '';
      i++;
      for (;;) {
        if (i >= pattern.length) throw new IllegalPatternException('Unterminated quote');
        if (pattern[i] === "'") {
          if (pattern[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += pattern[i++];
      }
      tokens.push({ literal: text });
    } else if (/[a-zA-Z]/.test(c)) {
      if (!PATTERN_LETTERS.includes(c)) throw new IllegalPatternException(`Illegal pattern character '${c}'`);
      let count = 1;
      while (pattern[i + count] === c) count++;
      tokens.push({ letter: c, count });
      i += count;
    } else {
      tokens.push({ literal: c });
      i++;
    }
  }
  return tokens;
}

const pad = (n: number, width: number) => (n < 0 ? '-' + String(-n).padStart(width, '0') : String(n).padStart(width, '0'));

function dayOfYear(d: Date): number {
  return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

function formatField(d: Date, letter: string, count: number): string {
  const year = d.getUTCFullYear();
  const hour = d.getUTCHours();
  switch (letter) {
    case 'G': return year > 0 ? 'AD' : 'BC';
    case 'y':
    case 'Y': {
      const y = year > 0 ? year : 1 - year;
      return count === 2 ? pad(y % 100, 2) : pad(y, count);
    }
    case 'M':
    case 'L':
      if (count >= 4) return MONTHS[d.getUTCMonth()]!;
      if (count === 3) return MONTHS[d.getUTCMonth()]!.slice(0, 3);
      return pad(d.getUTCMonth() + 1, count);
    case 'd': return pad(d.getUTCDate(), count);
    case 'D': return pad(dayOfYear(d), count);
    case 'F': return pad(Math.floor((d.getUTCDate() - 1) / 7) + 1, count);
    case 'w': {
      const jan1 = new Date(Date.UTC(year, 0, 1)).getUTCDay();
      return pad(Math.floor((dayOfYear(d) - 1 + jan1) / 7) + 1, count);
    }
    case 'W': {
      const first = new Date(Date.UTC(year, d.getUTCMonth(), 1)).getUTCDay();
      return pad(Math.floor((d.getUTCDate() - 1 + first) / 7) + 1, count);
    }
    case 'E': return count >= 4 ? DAYS[d.getUTCDay()]! : DAYS[d.getUTCDay()]!.slice(0, 3);
    case 'u': return pad(d.getUTCDay() === 0 ? 7 : d.getUTCDay(), count);
    case 'a': return hour < 12 ? 'AM' : 'PM';
    case 'H': return pad(hour, count);
    case 'k': return pad(hour === 0 ? 24 : hour, count);
    case 'K': return pad(hour % 12, count);
    case 'h': return pad(hour % 12 === 0 ? 12 : hour % 12, count);
    case 'm': return pad(d.getUTCMinutes(), count);
    case 's': return pad(d.getUTCSeconds(), count);
    case 'S': return pad(d.getUTCMilliseconds(), count);
    case 'z': return count >= 4 ? 'Coordinated Universal Time' : 'UTC';
    case 'Z': return '+0000';
    case 'X': return 'Z';
    default: throw new IllegalPatternException(`Illegal pattern character '${letter}'`);
  }
}

export function formatDate(date: Date, pattern: string | Token[]): string {
  const tokens = typeof pattern === 'string' ? tokenize(pattern) : pattern;
  return tokens.map((t) => ('literal' in t ? t.literal : formatField(date, t.letter, t.count))).join('');
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A compiled pattern: format and parse with the same tokens. */
export class SimpleDateFormat {
  private readonly tokens: Token[];
  private readonly parser: RegExp;
  private readonly fields: { letter: string; count: number }[] = [];

  constructor(readonly pattern: string) {
    this.tokens = tokenize(pattern);
    let source = '^';
    this.tokens.forEach((t, i) => {
      if ('literal' in t) {
        source += escapeRegex(t.literal);
        return;
      }
      this.fields.push(t);
      const next = this.tokens[i + 1];
      const abutting = next !== undefined && 'letter' in next && NUMERIC.has(next.letter);
      source += `(${fieldRegex(t.letter, t.count, abutting)})`;
    });
    this.parser = new RegExp(source, 'i');
  }

  format(date: Date): string {
    return formatDate(date, this.tokens);
  }

  /** The parsed instant, or null when the text does not match (Java throws ParseException). */
  parse(text: string): Date | null {
    const m = this.parser.exec(text);
    if (!m) return null;
    let year = 1970, month = 0, day = 1, hour = 0, minute = 0, second = 0, millis = 0, offsetMinutes = 0;
    let pm: boolean | null = null, hour12: number | null = null, bc = false, dayOfYearValue: number | null = null;
    this.fields.forEach((f, i) => {
      const v = m[i + 1]!;
      const n = Number(v);
      switch (f.letter) {
        case 'G': bc = v.toUpperCase() === 'BC'; break;
        case 'y':
        case 'Y':
          year = f.count <= 2 && /^\d{2}$/.test(v) ? twoDigitYear(n) : n;
          break;
        case 'M':
        case 'L':
          month = /^\d+$/.test(v) ? n - 1 : MONTHS.findIndex((name) => name.toLowerCase().startsWith(v.toLowerCase().slice(0, 3)));
          break;
        case 'd': day = n; break;
        case 'D': dayOfYearValue = n; break;
        case 'a': pm = v.toUpperCase() === 'PM'; break;
        case 'H': hour = n; break;
        case 'k': hour = n === 24 ? 0 : n; break;
        case 'K':
        case 'h': hour12 = n % 12; break;
        case 'm': minute = n; break;
        case 's': second = n; break;
        case 'S': millis = n; break;
        case 'z':
        case 'Z':
        case 'X': offsetMinutes = parseOffset(v); break;
        default: break; // E, u, w, W, F: informational when parsing
      }
    });
    if (hour12 !== null) hour = hour12 + (pm ? 12 : 0);
    else if (pm !== null && pm && hour < 12) hour += 12;
    const d = new Date(0);
    d.setUTCFullYear(bc ? 1 - year : year, dayOfYearValue !== null ? 0 : month, dayOfYearValue ?? day);
    d.setUTCHours(hour, minute, second, millis);
    return new Date(d.getTime() - offsetMinutes * 60_000);
  }

  toString(): string {
    return this.pattern;
  }
}

function fieldRegex(letter: string, count: number, abutting: boolean): string {
  if (NUMERIC.has(letter) && !((letter === 'M' || letter === 'L') && count >= 3)) {
    return abutting ? `\\d{${count}}` : '[+-]?\\d+';
  }
  switch (letter) {
    case 'M':
    case 'L': return `${MONTHS.join('|')}|${MONTHS.map((m) => m.slice(0, 3)).join('|')}`;
    case 'E': return `${DAYS.join('|')}|${DAYS.map((m) => m.slice(0, 3)).join('|')}`;
    case 'a': return 'AM|PM';
    case 'G': return 'AD|BC';
    default: return 'Z|[+-]\\d{2}:?\\d{2}|[+-]\\d{2}|(?:UTC|GMT)(?:[+-]\\d{1,2}(?::?\\d{2})?)?|Coordinated Universal Time';
  }
}

/** Java's rule for "yy": the century that puts the year within 80 years before and 20 after now. */
function twoDigitYear(yy: number): number {
  const now = new Date();
  const start = now.getUTCFullYear() - 80;
  let year = Math.floor(start / 100) * 100 + yy;
  if (year < start) year += 100;
  return year;
}

function parseOffset(v: string): number {
  const m = /([+-])(\d{1,2}):?(\d{2})?$/.exec(v);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}
