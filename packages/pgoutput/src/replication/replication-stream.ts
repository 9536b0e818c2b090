import type pg from 'pg';
import { ReplicationError } from '../errors.js';
import { Lsn } from '../lsn.js';
import type { PgoutputDecoder } from '../decoder/pgoutput-decoder.js';
import type { PgoutputMessage } from '../decoder/messages.js';
import type { CopyBothConnection } from './pg-internals.js';
import { parseWalMessage, standbyStatusUpdate } from './wal-messages.js';

/** One decoded message with its WAL position. */
export interface ReplicationEvent {
  /** XLogData start: the WAL position of the record this message was decoded from. */
  readonly lsn: Lsn;
  /** The server's WAL end when it sent the message. */
  readonly walEnd: Lsn;
  readonly message: PgoutputMessage;
}

export interface ReplicationStreamOptions {
  /** Pause the socket when this many decoded messages wait for the consumer (default 1000). */
  readonly highWaterMark?: number;
  /** Resume the socket when the backlog drops to this many (default highWaterMark / 4). */
  readonly lowWaterMark?: number;
  /** Interval of standby status updates, ms (default 10 000). They only ever report acknowledged LSNs. */
  readonly statusIntervalMs?: number;
  /** Stops the stream when aborted. */
  readonly signal?: AbortSignal;
}

/**
 * A running START_REPLICATION session: an async iterable of decoded messages.
 *
 * Single consumer. The server is only told a position when you call {@link ack}:
 * periodic status updates and keepalive replies report the highest acknowledged
 * LSN as written, flushed and applied, never a received one. Breaking out of a
 * `for await` loop, calling {@link stop} or aborting the signal ends the session.
 */
export class ReplicationStream implements AsyncIterable<ReplicationEvent> {
  private readonly queue: ReplicationEvent[] = [];
  private head = 0;
  private waiter: (() => void) | null = null;
  private paused = false;
  private error: unknown = null;
  private ended = false;
  private stopping: Promise<void> | null = null;
  private confirmed = Lsn.ZERO;
  private received = Lsn.ZERO;
  private readonly timer: NodeJS.Timeout;
  private readonly high: number;
  private readonly low: number;
  private readonly onAbort = (): void => void this.stop();

  /** @internal Use LogicalReplicationClient.start(). */
  constructor(
    private readonly client: pg.Client,
    private readonly conn: CopyBothConnection,
    private readonly done: Promise<unknown>,
    private readonly decoder: PgoutputDecoder,
    options: ReplicationStreamOptions = {},
    early: readonly Buffer[] = [],
  ) {
    this.high = Math.max(1, options.highWaterMark ?? 1000);
    this.low = Math.min(this.high - 1, options.lowWaterMark ?? Math.floor(this.high / 4));
    for (const chunk of early) this.onCopyData({ chunk });
    conn.on('copyData', this.onCopyData);
    client.on('error', this.onClientError);
    client.on('end', this.onClientEnd);
    done.then(
      () => this.finish(null),
      (err: unknown) => this.finish(err),
    );
    this.timer = setInterval(() => this.sendStatus(false), options.statusIntervalMs ?? 10_000);
    this.timer.unref();
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (options.signal?.aborted) void this.stop();
  }

  /** Highest LSN passed to {@link ack}. */
  get confirmedLsn(): Lsn {
    return this.confirmed;
  }

  /** Decoded messages waiting for the consumer. */
  get buffered(): number {
    return this.queue.length - this.head;
  }

  /** True while the socket is paused because the consumer is behind. */
  get isPaused(): boolean {
    return this.paused;
  }

  /** Highest WAL end the server has told us about (XLogData or keepalive). */
  get receivedLsn(): Lsn {
    return this.received;
  }

  /**
   * Confirms that everything up to `lsn` is durably processed; the server may then
   * recycle that WAL and will not resend it after a restart. Acknowledge a commit's
   * `endLsn`. Never moves backwards. Reported at the next status update or {@link flush}.
   */
  ack(lsn: Lsn | string): void {
    this.confirmed = Lsn.max(this.confirmed, Lsn.from(lsn));
  }

  /** Sends a standby status update with the acknowledged LSN now. */
  flush(): void {
    this.sendStatus(false);
  }

  /**
   * A hand-written iterator rather than an async generator: when messages are already queued,
   * `next()` resolves at once without the generator's extra promise hops (the hot path).
   * Like a generator's `finally`, the session is stopped when iteration ends, fails or is left.
   */
  [Symbol.asyncIterator](): AsyncIterator<ReplicationEvent> {
    return {
      next: () => (this.head < this.queue.length ? Promise.resolve({ done: false, value: this.take() }) : this.waitNext()),
      return: async () => {
        await this.stop();
        return { done: true, value: undefined };
      },
      throw: async (err: unknown) => {
        await this.stop();
        throw err;
      },
    };
  }

  /** Ends the session: reports the acknowledged LSN, sends CopyDone, closes the connection. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async waitNext(): Promise<IteratorResult<ReplicationEvent>> {
    try {
      while (this.head === this.queue.length) {
        if (this.error) throw this.error;
        if (this.ended) break;
        await new Promise<void>((resolve) => (this.waiter = resolve));
      }
    } catch (err) {
      await this.stop();
      throw err;
    }
    if (this.head < this.queue.length) return { done: false, value: this.take() };
    await this.stop();
    return { done: true, value: undefined };
  }

  private take(): ReplicationEvent {
    const event = this.queue[this.head++]!;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    if (this.paused && this.queue.length - this.head <= this.low) {
      this.paused = false;
      this.conn.stream.resume();
    }
    return event;
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  private readonly onCopyData = (msg: { chunk: Buffer }): void => {
    if (this.ended || this.stopping) return;
    try {
      const wal = parseWalMessage(msg.chunk);
      if (wal.walEnd.compare(this.received) > 0) this.received = wal.walEnd;
      if (wal.kind === 'keepalive') {
        if (wal.replyRequested) this.sendStatus(false);
        return;
      }
      this.queue.push({ lsn: wal.walStart, walEnd: wal.walEnd, message: this.decoder.decode(wal.data) });
      if (!this.paused && this.queue.length - this.head >= this.high) {
        this.paused = true;
        this.conn.stream.pause();
      }
      this.wake();
    } catch (err) {
      this.finish(err);
      void this.stop();
    }
  };

  private readonly onClientError = (err: Error): void => this.finish(err);

  private readonly onClientEnd = (): void => {
    if (!this.stopping) this.finish(new ReplicationError('replication connection closed unexpectedly'));
  };

  private sendStatus(replyRequested: boolean): void {
    // Sent even when nothing new was acknowledged, so wal_sender_timeout does not fire while paused.
    if (this.ended) return;
    try {
      this.conn.sendCopyFromChunk(standbyStatusUpdate(this.confirmed, replyRequested));
    } catch (err) {
      this.finish(err);
    }
  }

  private finish(err: unknown): void {
    if (err && !this.error && !this.stopping) this.error = err;
    this.ended = true;
    this.wake();
  }

  private async doStop(): Promise<void> {
    clearInterval(this.timer);
    const stillOpen = !this.ended;
    if (stillOpen) {
      this.sendStatus(false);
      if (this.paused) this.conn.stream.resume();
      try {
        this.conn.endCopyFrom();
        await Promise.race([this.done.catch(() => undefined), new Promise((r) => setTimeout(r, 5000).unref())]);
      } catch {
        // the connection is going away anyway
      }
    }
    this.ended = true;
    this.conn.off('copyData', this.onCopyData);
    this.wake();
    await this.client.end().catch(() => undefined);
  }
}
