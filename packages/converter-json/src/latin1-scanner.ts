import { isUtf8 } from 'node:buffer';
import { MAX_NUMBER_LENGTH, Parser } from './json-node.js';

const { latin1Slice, utf8Slice } = Buffer.prototype as unknown as {
  latin1Slice(this: Uint8Array, start: number, end: number): string;
  utf8Slice(this: Uint8Array, start: number, end: number): string;
};
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`)); // exact doubles up to 1e22

/** The keys of the last schemaless objects read, by their position in the record (see Latin1Scanner.key). */
const KEY_CACHE_SIZE = 128;
const KEY_CACHE: (string | undefined)[] = new Array<string | undefined>(KEY_CACHE_SIZE).fill(undefined);

/** Whether `s` has `token` at `at`; for short tokens a loop beats String.prototype.startsWith. */
export function matchAt(s: string, at: number, token: string): boolean {
  const n = token.length;
  if (n > 32) return s.startsWith(token, at);
  for (let j = 0; j < n; j++) if (s.charCodeAt(at + j) !== token.charCodeAt(j)) return false;
  return true;
}

/** Thrown to leave the fast path; never escapes toConnectData. */
export const GIVE_UP = new Error('connect-reader: not on the fast path');
export function giveUp(): never {
  throw GIVE_UP;
}

/**
 * The latin1 view of the bytes, or undefined when they start with a BOM (the tree path strips it).
 * UTF-8 validity is checked lazily, by the first string token holding non-ASCII bytes: anywhere
 * else non-ASCII bytes fail the parse, and the tree path reports them.
 */
export function latin1View(bytes: Uint8Array): string | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return undefined;
  return latin1(bytes);
}

export function latin1(bytes: Uint8Array): string {
  return latin1Slice.call(bytes, 0, bytes.length);
}

/**
 * JSON tokens read from a latin1 view of the record's bytes (one char per byte), for the fast path
 * of toConnectData (connect-reader.ts): structural characters and ASCII text are read directly,
 * string tokens holding non-ASCII bytes are decoded from the bytes as UTF-8 (the bytes checked
 * once per record), numbers are scanned to a double without slicing their text. Anything it does
 * not handle exactly as the tree parser (json-node.ts) would makes it give up (throw GIVE_UP).
 */
export class Latin1Scanner extends Parser {
  private validUtf8 = false;
  /** How many object keys of schemaless data were read so far (the index into KEY_CACHE). */
  protected keyOrdinal = 0;

  constructor(text: string, private bytes: Uint8Array) {
    super(text);
  }

  /** Starts over on another record (one reader per converter saves an allocation per record). */
  reset(text: string, bytes: Uint8Array): this {
    this.s = text;
    this.bytes = bytes;
    this.pos = 0;
    this.schemaStart = this.schemaEnd = -1;
    this.validUtf8 = false;
    this.keyOrdinal = 0;
    return this;
  }

  get text(): string {
    return this.s;
  }

  /** The UTF-8 text of bytes [start, end). */
  utf8(start: number, end: number): string {
    return utf8Slice.call(this.bytes, start, end);
  }

  /** Whether the text at the current position starts with `prefix`; if so, moves past it. */
  skip(prefix: string): boolean {
    // startsWith compares char by char; slice + === is a memcmp, much faster for a long schema text.
    if (prefix.length > 24 ? this.s.slice(this.pos, this.pos + prefix.length) !== prefix : !this.s.startsWith(prefix, this.pos)) return false;
    this.pos += prefix.length;
    return true;
  }

  /** A string token, decoded from UTF-8 when it holds non-ASCII bytes. */
  override string(): string {
    const s = this.s;
    const start = this.pos + 1;
    let high = false;
    for (let i = start; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        this.pos = i + 1;
        return this.segment(start, i, high);
      }
      if (c === 92) return this.escapedString(start, i, high);
      if (c < 0x20) giveUp();
      if (c >= 0x80) high = true;
    }
    return giveUp();
  }

  /** The rest of a string token from its first backslash at `i` (Parser.string's escapes). */
  private escapedString(chunk: number, i: number, high: boolean): string {
    const s = this.s;
    let out = '';
    for (;;) {
      if (i >= s.length) giveUp();
      const c = s.charCodeAt(i);
      if (c === 34) {
        this.pos = i + 1;
        return out + this.segment(chunk, i, high);
      }
      if (c < 0x20) giveUp();
      if (c !== 92) {
        if (c >= 0x80) high = true;
        i++;
        continue;
      }
      out += this.segment(chunk, i, high);
      high = false;
      switch (s.charCodeAt(i + 1)) {
        case 34: out += '"'; break;
        case 92: out += '\\'; break;
        case 47: out += '/'; break;
        case 98: out += '\b'; break;
        case 102: out += '\f'; break;
        case 110: out += '\n'; break;
        case 114: out += '\r'; break;
        case 116: out += '\t'; break;
        case 117: {
          const hex = s.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) giveUp();
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default: giveUp();
      }
      i += 2;
      chunk = i;
    }
  }

  /** Text [start, end) of the latin1 view; decoded from UTF-8 (checked once per record) when `high`. */
  private segment(start: number, end: number, high: boolean): string {
    if (!high) return this.s.slice(start, end);
    if (!this.validUtf8) {
      if (!isUtf8(this.bytes)) giveUp();
      this.validUtf8 = true;
    }
    return utf8Slice.call(this.bytes, start, end);
  }

  /**
   * The object key at the current position. Records usually repeat the previous record's keys
   * in the same order: the n-th key is compared with the n-th key of the last record and, when
   * equal, that string is reused, its hash already computed, which makes the Map insert cheaper.
   */
  protected key(ordinal: number): string {
    if (ordinal >= KEY_CACHE_SIZE) return this.string();
    const s = this.s;
    const cached = KEY_CACHE[ordinal];
    const end = this.pos + 1 + (cached?.length ?? 0);
    if (cached !== undefined && s.charCodeAt(end) === 34 && matchAt(s, this.pos + 1, cached)) {
      this.pos = end + 1;
      return cached;
    }
    const start = this.pos + 1;
    const key = this.string();
    // Only keys whose text is their own token (ASCII, no escapes), copied when V8 would slice the record text.
    if (this.pos - 1 - start === key.length && key.length <= 64 && s.startsWith(key, start)) {
      KEY_CACHE[ordinal] = key.length < 13 ? key : latin1(Buffer.from(key, 'latin1'));
    }
    return key;
  }

  /** Set by scanNumber: whether the token had neither fraction nor exponent. */
  protected scannedIntegral = true;

  /**
   * Validates the number token at the current position as Parser.number does (giving up where it
   * would fail), moves past it and returns its value as the nearest double — Number(text), but
   * computed directly when the digits fit (Clinger's exact case: at most 15 digits, a power of ten
   * up to 1e22, one correctly rounded operation; or an integer below 2^53).
   */
  protected scanNumber(): number {
    const s = this.s;
    const start = this.pos;
    let i = start;
    const negative = s.charCodeAt(i) === 45;
    if (negative) i++;
    const intStart = i;
    let m = 0;
    let c = s.charCodeAt(i);
    while (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      c = s.charCodeAt(++i);
    }
    if (i === intStart) giveUp();
    let digits = i - intStart;
    let exp10 = 0;
    let integral = true;
    if (c === 46) {
      integral = false;
      const fracStart = ++i;
      c = s.charCodeAt(i);
      while (c >= 48 && c <= 57) {
        m = m * 10 + (c - 48);
        c = s.charCodeAt(++i);
      }
      if (i === fracStart) giveUp();
      digits += i - fracStart;
      exp10 = fracStart - i;
    }
    if (c === 101 || c === 69) {
      integral = false;
      c = s.charCodeAt(++i);
      const expNegative = c === 45;
      if (c === 43 || c === 45) c = s.charCodeAt(++i);
      const expStart = i;
      let e = 0;
      while (c >= 48 && c <= 57) {
        if (e < 100000) e = e * 10 + (c - 48);
        c = s.charCodeAt(++i);
      }
      if (i === expStart) giveUp();
      exp10 += expNegative ? -e : e;
    }
    if (i - start > MAX_NUMBER_LENGTH) giveUp();
    this.pos = i;
    this.scannedIntegral = integral;
    // m is exact while below 2^53: also for integers of more digits (µs timestamps have 16).
    if ((digits <= 15 || (integral && m <= Number.MAX_SAFE_INTEGER)) && exp10 >= -22 && exp10 <= 22) {
      const v = exp10 < 0 ? m / POW10[-exp10]! : m * POW10[exp10]!;
      return negative ? -v : v;
    }
    return Number(s.slice(start, i));
  }
}
