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

export class ByteSink {
  protected buf: Uint8Array;
  protected pos = 0;
  /** Where the record being written starts in buf. */
  private start = 0;

  /** `slabSize`: smaller for short-lived writers that write one small value. */
  constructor(private readonly slabSize = SLAB_SIZE) {
    this.buf = new Uint8Array(slabSize);
  }

  protected reset(): void {
    this.pos = this.start;
  }

  /** The bytes written since reset, as a Buffer viewing the slab (as Buffer.from(string) views Node's pool). */
  protected take(): Buffer {
    const out = Buffer.from(this.buf.buffer, this.start, this.pos - this.start);
    const next = (this.pos + 7) & ~7;
    if (this.buf.length > this.slabSize || next + MIN_FREE > this.buf.length) {
      this.buf = new Uint8Array(this.slabSize);
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
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(this.start, this.pos));
      this.buf = next;
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
   * A safe integer's decimal digits. Beyond int32 (timestamps, ids) String(n) takes V8's general
   * double printing; the digits are cheaper to produce here.
   */
  protected integer(n: number): void {
    if (n >= -2147483648 && n <= 2147483647) return this.ascii(String(n));
    this.ensure(22);
    const buf = this.buf;
    let p = this.pos;
    if (n < 0) {
      buf[p++] = 45;
      n = -n;
    }
    const first = p;
    do {
      const q = Math.floor(n / 10);
      buf[p++] = 48 + (n - q * 10);
      n = q;
    } while (n > 0);
    for (let a = first, b = p - 1; a < b; a++, b--) {
      const t = buf[a]!;
      buf[a] = buf[b]!;
      buf[b] = t;
    }
    this.pos = p;
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
        if (c >= 0x20 && c !== 34 && c !== 92) {
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

/** `uXXXX` (the backslash already written), upper-case hex as Jackson. */
function hex4(buf: Uint8Array, p: number, c: number): number {
  buf[p++] = 117;
  buf[p++] = HEX[(c >> 12) & 15]!;
  buf[p++] = HEX[(c >> 8) & 15]!;
  buf[p++] = HEX[(c >> 4) & 15]!;
  buf[p++] = HEX[c & 15]!;
  return p;
}
