import { createGzip, type Gzip } from 'node:zlib';
import type { ByteSink } from './byte-sink.js';

/** Waits for the compressor only every so many input bytes: one thread-pool round trip per record would be slow. */
const FLUSH_EVERY = 1024 * 1024;

/** gzip in front of another sink (Confluent's CompressionType.GZIP, `.gz` appended to the name). */
export class GzipSink implements ByteSink {
  private readonly gzip: Gzip;
  private pending: Promise<void> = Promise.resolve();
  private sinceFlush = 0;
  private error: Error | null = null;

  constructor(private readonly inner: ByteSink, level: number) {
    this.gzip = createGzip({ level });
    this.gzip.on('data', (chunk: Buffer) => inner.append(chunk));
    this.gzip.on('error', (e) => { this.error = e; });
  }

  append(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.sinceFlush += chunk.length;
    this.pending = new Promise((resolve) => this.gzip.write(chunk, () => resolve()));
  }

  async flush(): Promise<void> {
    if (this.sinceFlush < FLUSH_EVERY) return;
    this.sinceFlush = 0;
    await this.pending; // writes complete in order, so the last one covers all
    this.check();
    await this.inner.flush();
  }

  async commit(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.gzip.once('end', resolve);
      this.gzip.once('error', reject);
      this.gzip.end();
    });
    this.check();
    await this.inner.commit();
  }

  async abort(): Promise<void> {
    this.gzip.destroy();
    await this.inner.abort();
  }

  private check(): void {
    if (this.error) throw this.error;
  }
}
