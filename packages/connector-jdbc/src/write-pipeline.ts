import type { SinkRecord, TopicPartitionOffset } from '@tsconnect/sdk';
import type { JdbcWriter } from './jdbc-writer.js';
import { tpKey } from './partition-offsets.js';
import type { WriteJob } from './write-job.js';

/**
 * Overlaps the database with the CPU: `put(N)` plans batch N (records → rows / bulk text) while
 * batch N-1 is still being written, waits for N-1, then starts writing N in the background and
 * returns. So at most one batch is being written and one planned (memory stays bounded, and a
 * slow database slows `put`, which is the back-pressure the runtime expects).
 *
 * What is durable is what committed: `committedOffsets` caps each partition at the first record
 * of a job that has not committed. A job that fails keeps its place: its error is thrown by the
 * next call (put, preCommit, flush, close or stop), and a later put/flush runs it again before
 * anything else, so no batch is skipped even if the runtime carries on after the error. `close`
 * drops it instead: the partitions' next owner gets its records again from the committed offsets.
 */
export class WritePipeline {
  private running: { readonly job: WriteJob; readonly done: Promise<void> } | null = null;
  private failed: { readonly job: WriteJob; readonly error: unknown; thrown: boolean } | null = null;
  private putting = false;

  constructor(
    private readonly writer: JdbcWriter,
    /** Called when a job committed and no put waits for it (the runtime may commit offsets now). */
    private readonly onIdleCommit: () => void = () => undefined,
  ) {}

  get idle(): boolean {
    return this.running === null && this.failed === null;
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    this.putting = true;
    try {
      await this.recover();
      if (this.writer.needsOffsetsRead(records)) await this.drain(); // planning will use the session
      const job = await this.writer.plan(records);
      await this.drain();
      this.start(job);
    } finally {
      this.putting = false;
    }
  }

  /** Throws a failure nobody has seen yet; otherwise never waits. */
  check(): void {
    const f = this.failed;
    if (f && !f.thrown) {
      f.thrown = true;
      throw f.error;
    }
  }

  /** Waits until every handed-over batch committed; throws (once) if one failed, retries it after that. */
  async drain(): Promise<void> {
    await this.running?.done;
    this.check();
    await this.recover();
  }

  /**
   * Partitions are revoked (close): waits for the running job and drops a failed one instead of
   * running it again (its records go to the partitions' next owner from the committed offsets),
   * throwing its error if nobody has seen it yet.
   */
  async abandon(): Promise<boolean> {
    await this.running?.done;
    const f = this.failed;
    this.failed = null;
    if (f && !f.thrown) throw f.error;
    return f !== null;
  }

  /** A job failed and was not run again successfully yet. */
  get failing(): boolean {
    return this.failed !== null;
  }

  /** Waits for the running job without throwing (stop). */
  async settle(): Promise<void> {
    await this.running?.done;
  }

  /** `consumed` capped, per partition, at the first record not committed yet. */
  committedOffsets(consumed: readonly TopicPartitionOffset[]): TopicPartitionOffset[] {
    const jobs = [this.failed?.job, this.running?.job].filter((j): j is WriteJob => j !== undefined);
    if (jobs.length === 0) return [...consumed];
    const low = new Map<string, number>();
    for (const j of jobs) {
      for (const o of j.lowest) {
        const k = tpKey(o.topic, o.partition);
        low.set(k, Math.min(low.get(k) ?? o.offset, o.offset));
      }
    }
    return consumed.map((o) => {
      const cap = low.get(tpKey(o.topic, o.partition));
      return cap !== undefined && cap < o.offset ? { ...o, offset: cap } : o;
    });
  }

  /** Runs a failed job again (after its error was thrown once). */
  private async recover(): Promise<void> {
    const f = this.failed;
    if (!f) return;
    if (!f.thrown) this.check();
    await this.writer.execute(f.job);
    this.failed = null;
  }

  private start(job: WriteJob): void {
    const done = this.writer.execute(job).then(
      () => {
        this.running = null;
        if (!this.putting) this.onIdleCommit();
      },
      (error: unknown) => {
        this.running = null;
        this.failed = { job, error, thrown: false };
      },
    );
    this.running = { job, done };
  }
}
