import { open, stat, type FileHandle } from 'node:fs/promises';
import { LineSplitter } from './line-splitter.js';
import type { LineSource, SourceLine } from './line-source.js';

export interface FileLineSourceOptions {
  /** Byte position to resume from (the last committed offset), or null to start at 0. */
  readonly startPosition: number | null;
  /** Bytes per read; tests use tiny sizes to split lines and characters across reads. */
  readonly readChunkSize?: number;
  readonly log?: (message: string) => void;
}

/**
 * Reads lines of a file that may still be growing, like `tail -F`: it remembers the inode it
 * opened and the byte position, and when the path now names another file (rotation) or the file
 * became shorter than what was read (truncation), it starts over at byte 0 of the current file.
 */
export class FileLineSource implements LineSource {
  private handle: FileHandle | null = null;
  private identity: { dev: number; ino: number } | null = null;
  /** File offset of the next byte to read. */
  private readPos = 0;
  /** File offset just after the last line returned: what a restart resumes from. */
  private linePos = 0;
  private readonly splitter = new LineSplitter();
  private pendingStart: number | null;
  private readonly chunk: Buffer;
  private readonly log: (message: string) => void;

  constructor(readonly path: string, options: FileLineSourceOptions) {
    this.pendingStart = options.startPosition;
    this.chunk = Buffer.alloc(options.readChunkSize ?? 64 * 1024);
    this.log = options.log ?? (() => {});
  }

  async read(max: number): Promise<SourceLine[]> {
    if (!this.handle && !(await this.openFile())) return [];
    const lines = await this.readAvailable(max);
    if (lines.length > 0 || !(await this.detectReplacement(lines))) return lines;
    // The file was rotated or truncated: read the new content right away.
    return lines.length >= max ? lines : [...lines, ...(await this.readAvailable(max - lines.length))];
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }

  /** Opens the path; false when it does not exist (yet). Resumes at the stored position once. */
  private async openFile(): Promise<boolean> {
    let handle: FileHandle;
    try {
      handle = await open(this.path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
    const st = await handle.stat();
    let position = this.pendingStart ?? 0;
    this.pendingStart = null;
    if (position > st.size) {
      this.log(`${this.path} is shorter (${st.size} bytes) than the stored position ${position}: it was truncated or replaced, reading from the start`);
      position = 0;
    }
    this.handle = handle;
    this.identity = { dev: st.dev, ino: st.ino };
    this.seek(position);
    return true;
  }

  private seek(position: number): void {
    this.readPos = position;
    this.linePos = position;
    this.splitter.reset();
  }

  /** Complete lines from what is buffered plus what the file holds now, at most `max`. */
  private async readAvailable(max: number): Promise<SourceLine[]> {
    const lines: SourceLine[] = [];
    this.take(lines, max);
    while (lines.length < max && this.handle) {
      const { bytesRead } = await this.handle.read(this.chunk, 0, this.chunk.length, this.readPos);
      if (bytesRead === 0) break;
      this.readPos += bytesRead;
      this.splitter.push(this.chunk.subarray(0, bytesRead));
      this.take(lines, max);
    }
    return lines;
  }

  private take(lines: SourceLine[], max: number): void {
    while (lines.length < max) {
      const line = this.splitter.next();
      if (!line) return;
      this.linePos += line.bytes;
      lines.push({ text: line.text, position: this.linePos });
    }
  }

  /**
   * Called when the file had nothing new. Returns true after switching to a new file (rotation)
   * or rewinding (truncation). When rotated, the old file's unterminated last line is pushed to
   * `lines`: nothing can be appended to it through the path any more.
   */
  private async detectReplacement(lines: SourceLine[]): Promise<boolean> {
    let st;
    try {
      st = await stat(this.path);
    } catch (e) {
      // Removed and not recreated yet: keep the open file, a new one is noticed when it appears.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
    if (this.identity && (st.ino !== this.identity.ino || st.dev !== this.identity.dev)) {
      this.log(`${this.path} was rotated (inode ${this.identity.ino} → ${st.ino}), reading the new file from the start`);
      // Lines the writer appended between our last read and the rename still belong to the old file.
      lines.push(...(await this.readAvailable(Number.MAX_SAFE_INTEGER)));
      const last = this.splitter.end();
      if (last) lines.push({ text: last.text, position: this.linePos + last.bytes });
      await this.close();
      return this.openFile();
    }
    if (st.size < this.readPos) {
      this.log(`${this.path} was truncated to ${st.size} bytes (had read ${this.readPos}), reading from the start`);
      this.seek(0);
      return true;
    }
    return false;
  }
}
