const LF = 0x0a;
const CR = 0x0d;

/** One complete line: its text without the terminator, and how many bytes it took including it. */
export interface SplitLine {
  readonly text: string;
  readonly bytes: number;
}

/**
 * Splits a byte stream into lines ending in "\n", "\r\n" or a lone "\r" (Kafka's FileStreamSourceTask
 * accepts all three). Works on bytes and decodes only whole lines: CR and LF never occur inside a
 * UTF-8 multibyte sequence, so a character split across two reads is never decoded in halves.
 */
export class LineSplitter {
  private buf: Buffer = Buffer.alloc(0);
  private start = 0;
  /** Where the search for the next terminator resumes, so long partial lines are not rescanned. */
  private scan = 0;

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const rest = this.buf.subarray(this.start);
    this.buf = rest.length === 0 ? Buffer.from(chunk) : Buffer.concat([rest, chunk]);
    this.scan -= this.start;
    this.start = 0;
  }

  /** Bytes received but not yet returned as a line (the partial last line). */
  get buffered(): number {
    return this.buf.length - this.start;
  }

  /** The next complete line, or null when the buffered bytes hold none yet. */
  next(): SplitLine | null {
    for (let i = Math.max(this.scan, this.start); i < this.buf.length; i++) {
      const b = this.buf[i];
      if (b !== LF && b !== CR) continue;
      let after = i + 1;
      if (b === CR) {
        // "\r" as the last byte may be the first half of "\r\n": wait for the next byte.
        if (after >= this.buf.length) {
          this.scan = i;
          return null;
        }
        if (this.buf[after] === LF) after++;
      }
      const line = { text: this.buf.toString('utf8', this.start, i), bytes: after - this.start };
      this.start = after;
      this.scan = after;
      return line;
    }
    this.scan = this.buf.length;
    return null;
  }

  /**
   * The rest as a final line when no more bytes can come (end of stdin, a rotated-away file);
   * a trailing "\r" counts as its terminator. Null when nothing is buffered.
   */
  end(): SplitLine | null {
    const line = this.next();
    if (line) return line;
    if (this.buffered === 0) return null;
    const stop = this.buf[this.buf.length - 1] === CR ? this.buf.length - 1 : this.buf.length;
    const last = { text: this.buf.toString('utf8', this.start, stop), bytes: this.buf.length - this.start };
    this.reset();
    return last;
  }

  reset(): void {
    this.buf = Buffer.alloc(0);
    this.start = 0;
    this.scan = 0;
  }
}
