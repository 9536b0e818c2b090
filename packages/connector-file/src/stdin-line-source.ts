import type { Readable } from 'node:stream';
import { LineSplitter } from './line-splitter.js';
import type { LineSource, SourceLine } from './line-source.js';

/**
 * Lines from standard input (or any stream). There is no position to resume from, so lines carry
 * a null position, as Kafka's task does for stdin. At end of stream an unterminated last line is
 * delivered too, since nothing more can follow it.
 */
export class StreamLineSource implements LineSource {
  private readonly splitter = new LineSplitter();
  private ended = false;
  private error: Error | null = null;
  private readonly onData = (chunk: Buffer | string): void => {
    this.splitter.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  };
  private readonly onEnd = (): void => {
    this.ended = true;
  };
  private readonly onError = (e: Error): void => {
    this.error = e;
  };

  constructor(private readonly stream: Readable) {
    stream.on('data', this.onData);
    stream.on('end', this.onEnd);
    stream.on('error', this.onError);
  }

  read(max: number): Promise<SourceLine[]> {
    if (this.error) return Promise.reject(this.error);
    const lines: SourceLine[] = [];
    while (lines.length < max) {
      const line = this.splitter.next() ?? (this.ended ? this.splitter.end() : null);
      if (!line) break;
      lines.push({ text: line.text, position: null });
    }
    return Promise.resolve(lines);
  }

  close(): Promise<void> {
    // Never close process.stdin itself: only stop listening, so the data stays for others.
    this.stream.off('data', this.onData);
    this.stream.off('end', this.onEnd);
    this.stream.off('error', this.onError);
    this.stream.pause();
    return Promise.resolve();
  }
}
