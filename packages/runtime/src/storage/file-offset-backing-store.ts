import { mkdir, readFile, rename, writeFile, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { OffsetBackingStore } from './offset-backing-store.js';

interface FileContent {
  /** Format marker so a later layout can be told apart. */
  readonly format: 'tsconnect-offsets-v1';
  /** Serialized key → serialized value, both JSON texts as Kafka Connect writes them. */
  readonly offsets: Record<string, string>;
}

/**
 * Standalone offsets (Kafka's FileOffsetBackingStore, `offset.storage.file.filename`), kept as
 * readable JSON. Each `set` rewrites the file through a temp file + fsync + rename, so a crash
 * leaves either the old or the new offsets, never a torn file.
 */
export class FileOffsetBackingStore implements OffsetBackingStore {
  private data = new Map<string, string>();
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly filename: string) {}

  async start(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.filename, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    let parsed: FileContent;
    try {
      parsed = JSON.parse(text) as FileContent;
    } catch (e) {
      throw new Error(`Invalid offsets file ${this.filename} (offset.storage.file.filename): ${(e as Error).message}`);
    }
    if (parsed.format !== 'tsconnect-offsets-v1' || typeof parsed.offsets !== 'object') {
      throw new Error(`Invalid offsets file ${this.filename} (offset.storage.file.filename): unknown format ${String(parsed.format)}`);
    }
    this.data = new Map(Object.entries(parsed.offsets));
  }

  async stop(): Promise<void> {
    await this.writing;
  }

  async get(keys: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const k of keys) {
      const v = this.data.get(k);
      if (v !== undefined) out.set(k, v);
    }
    return out;
  }

  async entries(): Promise<Map<string, string>> {
    return new Map(this.data);
  }

  set(entries: ReadonlyMap<string, string | null>): Promise<void> {
    for (const [k, v] of entries) {
      if (v === null) this.data.delete(k);
      else this.data.set(k, v);
    }
    const snapshot: FileContent = { format: 'tsconnect-offsets-v1', offsets: Object.fromEntries(this.data) };
    // Writes are serialized so an older snapshot never overwrites a newer one.
    const next = this.writing.then(() => this.write(snapshot));
    this.writing = next.catch(() => undefined);
    return next;
  }

  private async write(content: FileContent): Promise<void> {
    await mkdir(dirname(this.filename), { recursive: true });
    const tmp = `${this.filename}.tmp-${process.pid}`;
    await writeFile(tmp, JSON.stringify(content, null, 2) + '\n', 'utf8');
    const fh = await open(tmp, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, this.filename);
  }
}
