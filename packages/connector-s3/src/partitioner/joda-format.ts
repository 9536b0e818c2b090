import { utcToLocal, zoneOffsetMs } from './time-zone.js';

type Token = { kind: 'literal'; text: string } | { kind: 'field'; letter: string; count: number };

/** Pattern letters implemented; the ones people put in `path.format` (Joda-Time DateTimeFormat). */
const SUPPORTED = new Set(['y', 'Y', 'x', 'M', 'w', 'd', 'D', 'e', 'E', 'a', 'H', 'k', 'h', 'K', 'm', 's', 'S', 'Z']);

/**
 * A compiled Joda-Time pattern such as `'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH`: quoted text is
 * literal (`''` is a quote), other non-letters are literal, and letter runs are fields.
 */
export class JodaFormatter {
  private readonly tokens: Token[];
  private readonly intlLocale: string;

  constructor(pattern: string, private readonly zone: string, locale: string) {
    this.tokens = parsePattern(pattern);
    this.intlLocale = locale.replace(/_/g, '-');
  }

  format(utcMs: number): string {
    const local = new Date(utcToLocal(this.zone, utcMs));
    return this.tokens.map((t) => (t.kind === 'literal' ? t.text : this.field(t.letter, t.count, local, utcMs))).join('');
  }

  private field(letter: string, count: number, local: Date, utcMs: number): string {
    const pad = (n: number, width = count) => (n < 0 ? '-' + String(-n).padStart(width, '0') : String(n).padStart(width, '0'));
    switch (letter) {
      case 'y':
      case 'Y':
        return count === 2 ? pad(((local.getUTCFullYear() % 100) + 100) % 100) : pad(local.getUTCFullYear());
      case 'x': {
        const wy = isoWeek(local).weekyear;
        return count === 2 ? pad(((wy % 100) + 100) % 100) : pad(wy);
      }
      case 'M':
        if (count >= 4) return this.text(local, { month: 'long' });
        if (count === 3) return this.text(local, { month: 'short' });
        return pad(local.getUTCMonth() + 1);
      case 'w':
        return pad(isoWeek(local).week);
      case 'd':
        return pad(local.getUTCDate());
      case 'D': {
        const startOfYear = Date.UTC(local.getUTCFullYear(), 0, 1);
        return pad(Math.floor((local.getTime() - startOfYear) / 86_400_000) + 1);
      }
      case 'e':
        return pad(local.getUTCDay() === 0 ? 7 : local.getUTCDay());
      case 'E':
        return this.text(local, { weekday: count >= 4 ? 'long' : 'short' });
      case 'a':
        return this.text(local, { hour: 'numeric', hour12: true }).replace(/^[\d\s\u202f]+|[\d\s\u202f]+$/g, '');
      case 'H':
        return pad(local.getUTCHours());
      case 'k':
        return pad(local.getUTCHours() === 0 ? 24 : local.getUTCHours());
      case 'h':
        return pad(local.getUTCHours() % 12 === 0 ? 12 : local.getUTCHours() % 12);
      case 'K':
        return pad(local.getUTCHours() % 12);
      case 'm':
        return pad(local.getUTCMinutes());
      case 's':
        return pad(local.getUTCSeconds());
      case 'S':
        // Fraction of second: the leading `count` digits of the milliseconds.
        return String(local.getUTCMilliseconds()).padStart(3, '0').padEnd(count, '0').slice(0, count);
      case 'Z': {
        const offsetMin = Math.round(zoneOffsetMs(this.zone, utcMs) / 60_000);
        if (count >= 3) return this.zone;
        const sign = offsetMin < 0 ? '-' : '+';
        const hh = String(Math.floor(Math.abs(offsetMin) / 60)).padStart(2, '0');
        const mm = String(Math.abs(offsetMin) % 60).padStart(2, '0');
        return count === 2 ? `${sign}${hh}:${mm}` : `${sign}${hh}${mm}`;
      }
      default:
        throw new Error(`Illegal pattern component: ${letter.repeat(count)}`);
    }
  }

  private text(local: Date, options: Intl.DateTimeFormatOptions): string {
    return new Intl.DateTimeFormat(this.intlLocale, { ...options, timeZone: 'UTC' }).format(local);
  }
}

function parsePattern(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const literal = (text: string) => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === 'literal') last.text += text;
    else tokens.push({ kind: 'literal', text });
  };
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === "'") {
      if (pattern[i + 1] === "'") {
        literal("'");
        i += 2;
        continue;
      }
      let text = '';
      i += 1;
      for (;;) {
        if (i >= pattern.length) throw new Error(`Unterminated quote in pattern: ${pattern}`);
        if (pattern[i] === "'") {
          if (pattern[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        text += pattern[i];
        i += 1;
      }
      literal(text);
    } else if (/[A-Za-z]/.test(ch)) {
      let count = 1;
      while (pattern[i + count] === ch) count += 1;
      if (!SUPPORTED.has(ch)) throw new Error(`Illegal pattern component: ${ch.repeat(count)}`);
      tokens.push({ kind: 'field', letter: ch, count });
      i += count;
    } else {
      literal(ch);
      i += 1;
    }
  }
  return tokens;
}

/** ISO-8601 week number and week-based year of a date whose UTC fields hold local time. */
function isoWeek(local: Date): { week: number; weekyear: number } {
  const d = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
  const day = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const weekyear = d.getUTCFullYear();
  const week = Math.ceil(((d.getTime() - Date.UTC(weekyear, 0, 1)) / 86_400_000 + 1) / 7);
  return { week, weekyear };
}
