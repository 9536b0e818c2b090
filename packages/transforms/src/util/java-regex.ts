import { ConfigException, DataException } from '@tsconnect/sdk';

/**
 * Java regular expressions on JS RegExp. The common syntax is shared; what differs and appears in
 * Connect configs is translated: leading inline flags `(?i)`, `\Q…\E` quoting, `\A` / `\z` anchors.
 * Replacement strings follow java.util.regex.Matcher: `$1`, `${name}` and `\` escapes.
 */
export class JavaPattern {
  private readonly find: RegExp;
  private readonly full: RegExp;

  constructor(readonly pattern: string) {
    let source = pattern;
    let flags = '';
    const inline = /^\(\?([imsx]+)\)/.exec(source);
    if (inline) {
      if (inline[1]!.includes('x')) throw new SyntaxError('the COMMENTS flag (?x) is not supported');
      flags = [...new Set(inline[1]!)].join('');
      source = source.slice(inline[0].length);
    }
    source = source
      .replace(/\\Q([\s\S]*?)(?:\\E|$)/g, (_m, quoted: string) => quoted.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))
      .replace(/(^|[^\\])\\A/g, '$1^')
      .replace(/(^|[^\\])\\[zZ]/g, '$1$');
    this.find = new RegExp(source, flags);
    this.full = new RegExp(`^(?:${source})$`, flags);
  }

  /** Compiles or throws ConfigException naming the key and pattern (Kafka's RegexValidator). */
  static compile(key: string, pattern: string, prefix = 'Invalid regex: '): JavaPattern {
    try {
      return new JavaPattern(pattern);
    } catch (e) {
      throw new ConfigException(key, pattern, `${prefix}${(e as Error).message}`);
    }
  }

  /** Matcher.matches(): the whole input matches. */
  matches(input: string): boolean {
    return this.full.test(input);
  }

  /** Matcher.replaceFirst(replacement). */
  replaceFirst(input: string, replacement: string): string {
    const m = this.find.exec(input);
    if (!m) return input;
    return input.slice(0, m.index) + expandReplacement(replacement, m) + input.slice(m.index + m[0].length);
  }

  toString(): string {
    return this.pattern;
  }
}

/** Matcher.appendReplacement's expansion of `$n`, `${name}` and `\x`. */
export function expandReplacement(replacement: string, m: RegExpExecArray): string {
  const groupCount = m.length - 1;
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    if (c === '\\') {
      i++;
      if (i >= replacement.length) throw new DataException('character to be escaped is missing');
      out += replacement[i];
    } else if (c === '$') {
      i++;
      if (i >= replacement.length) throw new DataException('Illegal group reference: group index is missing');
      if (replacement[i] === '{') {
        const end = replacement.indexOf('}', i);
        const name = end < 0 ? '' : replacement.slice(i + 1, end);
        if (end < 0 || !/^[a-zA-Z][a-zA-Z0-9]*$/.test(name)) {
          throw new DataException(`named capturing group is missing trailing '}' or has an invalid name in "${replacement}"`);
        }
        if (!m.groups || !(name in m.groups)) throw new DataException(`No group with name {${name}}`);
        out += m.groups[name] ?? '';
        i = end;
      } else {
        let ref = Number.parseInt(replacement[i]!, 10);
        if (Number.isNaN(ref)) throw new DataException('Illegal group reference');
        // Java takes further digits only while the group number stays valid.
        while (i + 1 < replacement.length && /\d/.test(replacement[i + 1]!)) {
          const next = ref * 10 + Number(replacement[i + 1]);
          if (next > groupCount) break;
          ref = next;
          i++;
        }
        if (ref > groupCount) throw new DataException(`No group ${ref}`);
        out += m[ref] ?? '';
      }
    } else {
      out += c;
    }
  }
  return out;
}
