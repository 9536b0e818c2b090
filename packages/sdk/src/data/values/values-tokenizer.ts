/** The characters that end a token of Values' text format (unless escaped with a backslash). */
const DELIMITERS = new Set([':', ',', '{', '}', '[', ']', '"']);

/** Java's String.trim(): strips every char <= U+0020 (control chars too, but not Unicode spaces). */
export function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 32) start++;
  while (end > start && s.charCodeAt(end - 1) <= 32) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Kafka's Utils.isBlank: empty once trimmed. */
export function isBlank(s: string): boolean {
  return javaTrim(s).length === 0;
}

/**
 * The tokenizer of Kafka's Values.parseString (Values.Parser): a token is a delimiter
 * (`: , { } [ ] "`) or the text up to the next one, whitespace included; a backslash escapes the
 * next char (and stays in the token). One token can be peeked; `mark`/`rewindTo` backtrack.
 */
export class ValuesTokenizer {
  private index = 0;
  /** The token peeked by isNext and not consumed yet. */
  private peeked: string | null = null;
  private previousToken: string | null = null;

  constructor(readonly original: string) {}

  /** Where the next token starts (before a peeked one). */
  mark(): number {
    return this.index - (this.peeked !== null ? this.peeked.length : 0);
  }

  rewindTo(position: number): void {
    this.index = position;
    this.peeked = null;
    this.previousToken = null;
  }

  position(): number {
    return this.index;
  }

  hasNext(): boolean {
    return this.peeked !== null || this.index < this.original.length;
  }

  /** The last token returned by next(). */
  previous(): string | null {
    return this.previousToken;
  }

  next(): string {
    if (this.peeked !== null) {
      this.previousToken = this.peeked;
      this.peeked = null;
    } else {
      this.previousToken = this.scan();
    }
    return this.previousToken;
  }

  /** The original text of the next n tokens, or null (nothing consumed) when there are fewer. */
  nextTokens(n: number): string | null {
    const start = this.mark();
    for (let i = 0; i < n; i++) {
      if (!this.hasNext()) {
        this.rewindTo(start);
        return null;
      }
      this.next();
    }
    return this.original.slice(start, this.index);
  }

  /**
   * Consumes the next token when, trimmed, it is `expected`; blank tokens before it are skipped
   * (and stay skipped even when it is not `expected`).
   */
  canConsume(expected: string): boolean {
    if (this.peeked === null) {
      if (!this.hasNext()) return false;
      this.peeked = this.scan();
    }
    while (isBlank(this.peeked) && this.index < this.original.length) this.peeked = this.scan();
    if (javaTrim(this.peeked) !== expected) return false;
    this.peeked = null;
    return true;
  }

  private scan(): string {
    const s = this.original;
    const start = this.index;
    let escaped = false;
    for (let i = start; i < s.length; i++) {
      const c = s[i]!;
      if (c === '\\') {
        escaped = !escaped;
      } else if (DELIMITERS.has(c) && !escaped) {
        // The text before a delimiter is a token; a delimiter on its own is one too.
        this.index = i > start ? i : i + 1;
        return s.slice(start, this.index);
      } else {
        escaped = false;
      }
    }
    this.index = s.length;
    return s.slice(start);
  }
}
