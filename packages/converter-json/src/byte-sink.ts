/**
 * A growable byte buffer that JSON text is written into as UTF-8, with Jackson's string escaping
 * (see jackson-text.ts) and Base64. Writing bytes directly avoids building the JSON as a JS string
 * and encoding it afterwards, which costs more than the conversion itself for small records.
 */
/**
 * Records are written into slabs (like Node's Buffer pool) and handed out as views, so finishing a
 * record copies nothing. A slab is dropped (left to the records that view it) once it is nearly full.
 */
const SLAB_SIZE = 64 * 1024;
const MIN_FREE = 1024;
const HEX = Uint8Array.from('0123456789ABCDEF', (c) => c.charCodeAt(0));
const BASE64 = Uint8Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', (c) => c.charCodeAt(0));
/** The second byte of Jackson's two-character escapes (\b \t \n \f \r \" \\), 0 where \u00XX is used. */
const SHORT_ESCAPE = new Uint8Array(128);
SHORT_ESCAPE[8] = 98;
SHORT_ESCAPE[9] = 116;
SHORT_ESCAPE[10] = 110;
SHORT_ESCAPE[12] = 102;
SHORT_ESCAPE[13] = 114;
SHORT_ESCAPE[34] = 34;
SHORT_ESCAPE[92] = 92;
/** "00" … "99": integers are written two digits per division. */
const DIGIT_PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 48 + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)));
/** 1 for the ASCII chars a JSON string holds as they are (not `"`, `\\`, control chars). */
const PLAIN = Uint8Array.from({ length: 128 }, (_, c) => (c >= 0x20 && c !== 34 && c !== 92 ? 1 : 0));

export class ByteSink {
  protected buf: Uint8Array;
  /** buf as a DataView, for writing short constants four bytes at a time (see words()). */
  private view: DataView;
  protected pos = 0;
  /** Where the record being written starts in buf. */
  private start = 0;

  /** `slabSize`: smaller for short-lived writers that write one small value. */
  constructor(private readonly slabSize = SLAB_SIZE) {
    this.buf = newSlab(slabSize);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  protected reset(): void {
    this.pos = this.start;
  }

  /** The bytes written since reset, as a Buffer viewing the slab (as Buffer.from(string) views Node's pool). */
  protected take(): Buffer {
    const out = Buffer.from(this.buf.buffer, this.start, this.pos - this.start);
    const next = (this.pos + 7) & ~7;
    if (this.buf.length > this.slabSize || next + MIN_FREE > this.buf.length) {
      this.buf = newSlab(this.slabSize);
      this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
      this.start = this.pos = 0;
    } else {
      this.start = this.pos = next;
    }
    return out;
  }

  /** Room for n more bytes: a new slab, with the record so far copied to its start, when full. */
  protected ensure(n: number): void {
    if (this.pos + n > this.buf.length) {
      const length = this.pos - this.start;
      let size = this.slabSize;
      while (size < length + n) size *= 2;
      const next = newSlab(size);
      next.set(this.buf.subarray(this.start, this.pos));
      this.buf = next;
      this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
      this.start = 0;
      this.pos = length;
    }
  }

  protected byte(b: number): void {
    if (this.pos >= this.buf.length) this.ensure(1);
    this.buf[this.pos++] = b;
  }

  protected raw(bytes: Uint8Array): void {
    const n = bytes.length;
    this.ensure(n);
    if (n > 64) {
      this.buf.set(bytes, this.pos);
      this.pos += n;
      return;
    }
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = bytes[i]!;
    this.pos = p;
  }

  /**
   * A safe integer's decimal digits, without String(n) and its string: int32 arithmetic on at most
   * two halves (a safe integer is below 2^53, so the part above 8 digits fits an int32).
   */
  protected integer(n: number): void {
    this.ensure(17);
    const buf = this.buf;
    let p = this.pos;
    if (n < 0) {
      buf[p++] = 45;
      n = -n;
    }
    if (n < 2147483648) {
      this.pos = uint31(buf, p, n);
      return;
    }
    const high = Math.floor(n / 1e8);
    p = uint31(buf, p, high);
    let low = n - high * 1e8;
    for (let k = p + 6; k >= p; k -= 2) {
      const q = (low / 100) | 0;
      const r = (low - q * 100) << 1;
      buf[k] = DIGIT_PAIRS[r]!;
      buf[k + 1] = DIGIT_PAIRS[r + 1]!;
      low = q;
    }
    this.pos = p + 8;
  }

  /**
   * `length` constant bytes packed little-endian in `words` (see packWords), written four at a
   * time: the up to 3 bytes written past them are overwritten by what follows or never handed out.
   */
  protected words(words: Uint32Array, length: number): void {
    this.ensure(length + 3);
    const view = this.view;
    let p = this.pos;
    for (let i = 0; i < words.length; i++, p += 4) view.setUint32(p, words[i]!, true);
    this.pos += length;
  }

  /** The literal `null`. */
  protected nullLiteral(): void {
    this.ensure(4);
    const buf = this.buf;
    const p = this.pos;
    buf[p] = 110;
    buf[p + 1] = 117;
    buf[p + 2] = 108;
    buf[p + 3] = 108;
    this.pos = p + 4;
  }

  /** Text known to be ASCII (numbers, literals), or bytes as a latin1 string. */
  protected ascii(s: string): void {
    const n = s.length;
    this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /**
   * A JSON string literal as Jackson's UTF8JsonGenerator writes it: `"` `\` and control chars
   * escaped (\b \t \n \f \r short, others \u00XX), every UTF-16 surrogate escaped as \uXXXX
   * (so no 4-byte sequences), everything else raw UTF-8.
   */
  protected quoted(s: string): void {
    const n = s.length;
    this.ensure(n * 6 + 2); // \uXXXX is the longest form of one char
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 34;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (PLAIN[c] === 1) {
          buf[p++] = c;
        } else {
          buf[p++] = 92;
          const short = SHORT_ESCAPE[c]!;
          if (short !== 0) buf[p++] = short;
          else p = hex4(buf, p, c);
        }
      } else if (c < 0x800) {
        buf[p++] = 0xc0 | (c >> 6);
        buf[p++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c <= 0xdfff) {
        buf[p++] = 92;
        p = hex4(buf, p, c);
      } else {
        buf[p++] = 0xe0 | (c >> 12);
        buf[p++] = 0x80 | ((c >> 6) & 0x3f);
        buf[p++] = 0x80 | (c & 0x3f);
      }
    }
    buf[p++] = 34;
    this.pos = p;
  }

  /** The first `length` bytes as a quoted Base64 string (Jackson's MIME_NO_LINEFEEDS: padded, one line). */
  protected base64(bytes: Uint8Array, length: number): void {
    this.ensure(Math.ceil(length / 3) * 4 + 2);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 34;
    let i = 0;
    for (; i + 2 < length; i += 3) {
      const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      buf[p++] = BASE64[v >> 18]!;
      buf[p++] = BASE64[(v >> 12) & 63]!;
      buf[p++] = BASE64[(v >> 6) & 63]!;
      buf[p++] = BASE64[v & 63]!;
    }
    if (i < length) {
      const two = i + 1 < length;
      const v = (bytes[i]! << 16) | (two ? bytes[i + 1]! << 8 : 0);
      buf[p++] = BASE64[v >> 18]!;
      buf[p++] = BASE64[(v >> 12) & 63]!;
      buf[p++] = two ? BASE64[(v >> 6) & 63]! : 61;
      buf[p++] = 61;
    }
    buf[p++] = 34;
    this.pos = p;
  }
}

/** Bytes packed for ByteSink.words(): four per word, little-endian, the last word zero-padded. */
export function packWords(bytes: Uint8Array): Uint32Array {
  const words = new Uint32Array(Math.ceil(bytes.length / 4));
  for (let i = 0; i < bytes.length; i++) words[i >> 2]! |= bytes[i]! << ((i & 3) * 8);
  return words;
}

/**
 * A slab for records: uninitialised memory (as Node's Buffer pool), since only bytes written are
 * ever handed out; zero-filling 64 KiB every few records showed in profiles.
 */
function newSlab(size: number): Uint8Array {
  return Buffer.allocUnsafeSlow(size);
}

/** The digits of 0 <= x < 2^31 at p, written from the last; returns the end. */
function uint31(buf: Uint8Array, p: number, x: number): number {
  const end = p + (x < 10 ? 1 : x < 100 ? 2 : x < 1000 ? 3 : x < 10000 ? 4 : x < 100000 ? 5
    : x < 1000000 ? 6 : x < 10000000 ? 7 : x < 100000000 ? 8 : x < 1000000000 ? 9 : 10);
  let k = end;
  while (x >= 100) {
    const q = (x / 100) | 0;
    const r = (x - q * 100) << 1;
    buf[--k] = DIGIT_PAIRS[r + 1]!;
    buf[--k] = DIGIT_PAIRS[r]!;
    x = q;
  }
  if (x >= 10) {
    buf[--k] = DIGIT_PAIRS[(x << 1) + 1]!;
    buf[--k] = DIGIT_PAIRS[x << 1]!;
  } else {
    buf[--k] = 48 + x;
  }
  return end;
}

/** `uXXXX` (the backslash already written), upper-case hex as Jackson. */
function hex4(buf: Uint8Array, p: number, c: number): number {
  buf[p++] = 117;
  buf[p++] = HEX[(c >> 12) & 15]!;
  buf[p++] = HEX[(c >> 8) & 15]!;
  buf[p++] = HEX[(c >> 4) & 15]!;
  buf[p++] = HEX[c & 15]!;
  return p;
}
