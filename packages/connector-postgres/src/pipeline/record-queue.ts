import type { SourceRecord } from '@tsconnect/sdk';

const QUEUED: Promise<void> = Promise.resolve();

/**
 * Bounded hand-off between the reader (snapshot/streaming) and poll() (Debezium's ChangeEventQueue).
 * `put` waits while the queue is full, which stops the reader pulling from the replication stream,
 * which in turn pauses the socket: backpressure reaches PostgreSQL.
 */
export class RecordQueue {
  private items: SourceRecord[] = [];
  private error: unknown = null;
  private closed = false;
  private spaceWaiters: (() => void)[] = [];
  private dataWaiter: (() => void) | null = null;
  private watchedSignal: AbortSignal | null = null;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.items.length;
  }

  /** Resolves once the record is queued; an already-settled promise when there was room (no allocation per record). */
  put(record: SourceRecord): Promise<void> {
    if (this.items.length < this.capacity || this.closed) {
      if (!this.closed) {
        this.items.push(record);
        this.wakeReader();
      }
      return QUEUED;
    }
    return this.putWhenRoom(record);
  }

  private async putWhenRoom(record: SourceRecord): Promise<void> {
    while (this.items.length >= this.capacity && !this.closed) {
      await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
    }
    if (this.closed) return;
    this.items.push(record);
    this.wakeReader();
  }

  /** Records the reader's failure: the next drain throws it (after the records already queued). */
  fail(error: unknown): void {
    this.error ??= error;
    this.wakeReader();
  }

  /** Unblocks everyone; later puts are dropped. */
  close(): void {
    this.closed = true;
    this.wakeReader();
    this.wakeWriters();
  }

  /**
   * Up to `max` records; waits up to `timeoutMs` for the first one. Returns [] on timeout or when
   * `signal` aborts; throws the reader's error once the queue is empty.
   */
  async drain(max: number, timeoutMs: number, signal?: AbortSignal): Promise<SourceRecord[]> {
    if (this.items.length === 0 && !this.error && !this.closed && !signal?.aborted) {
      // One abort listener per signal, not one per wait (poll() waits often when the queue keeps up).
      if (signal && signal !== this.watchedSignal) {
        this.watchedSignal = signal;
        signal.addEventListener('abort', () => this.wakeReader(), { once: true });
      }
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.dataWaiter = null;
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        this.dataWaiter = done;
      });
    }
    if (this.items.length === 0) {
      if (this.error) throw this.error;
      return [];
    }
    const batch = this.items.length <= max ? this.items : this.items.slice(0, max);
    this.items = this.items.length <= max ? [] : this.items.slice(max);
    this.wakeWriters();
    return batch;
  }

  private wakeReader(): void {
    this.dataWaiter?.();
  }

  private wakeWriters(): void {
    const waiters = this.spaceWaiters;
    this.spaceWaiters = [];
    for (const w of waiters) w();
  }
}
