import type { SinkRecord, TopicPartitionOffset } from '@tsconnect/sdk';
import type { JdbcWriter } from './jdbc-writer.js';
import { tpKey } from './partition-offsets.js';
import type { WriteJob } from './write-job.js';

interface Running {
  readonly job: WriteJob;
  readonly seq: number;
  readonly slot: number;
  /** The keys per table when the job may run alongside others (JdbcWriter.concurrentKeys), else null. */
  readonly keys: Map<string, Set<string>> | null;
  readonly done: Promise<void>;
}

interface Failed {
  readonly job: WriteJob;
  readonly seq: number;
  readonly error: unknown;
  thrown: boolean;
}

/**
 * Overlaps the database with the CPU: `put(N)` plans batch N (records → rows / bulk text) while
 * earlier batches are still being written, then starts writing N in the background and returns.
 * Batch N is written at the same time as the ones in flight, on another database session
 * (connection.pool.max_size), only when all of them are plain inserts/upserts and N's keys are
 * disjoint from theirs in every table, so the order of their commits cannot matter; otherwise
 * `put` waits for them first. So at most max_size batches are being written and one planned
 * (memory stays bounded, and a slow database slows `put`: the back-pressure the runtime expects).
 *
 * What is durable is what committed: `committedOffsets` caps each partition at the first record
 * of any job that has not committed (jobs may finish out of order). A job that fails keeps its
 * place: its error is thrown by the next call (put, preCommit, flush, close or stop), and a later
 * put/flush runs the failed jobs again, in order, before anything else, so no batch is skipped
 * even if the runtime carries on after the error. `close` drops them instead: the partitions'
 * next owner gets their records again from the committed offsets.
 */
export class WritePipeline {
  private readonly running: Running[] = [];
  /** Failed jobs, oldest first. */
  private failed: Failed[] = [];
  private putting = false;
  private seq = 0;

  constructor(
    private readonly writer: JdbcWriter,
    /** Called when a job committed and no put waits for it (the runtime may commit offsets now). */
    private readonly onIdleCommit: () => void = () => undefined,
  ) {}

  get idle(): boolean {
    return this.running.length === 0 && this.failed.length === 0;
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    this.putting = true;
    try {
      await this.recover();
      if (this.writer.needsOffsetsRead(records)) await this.drain(); // planning will use the session
      const job = await this.writer.plan(records);
      const keys = this.writer.concurrentKeys(job);
      // Wait until every job still running may run alongside this one, and a session is free.
      for (;;) {
        const blocking = this.running.filter((r) => !disjoint(keys, r.keys));
        if (blocking.length === 0 && this.running.length < this.writer.maxConcurrent) break;
        await Promise.race((blocking.length > 0 ? blocking : this.running).map((r) => r.done));
      }
      // A job that failed meanwhile comes first (thrown once, then run again before this one).
      if (this.failed.length > 0) await this.drain();
      this.start(job, keys);
    } finally {
      this.putting = false;
    }
  }

  /** Throws a failure nobody has seen yet (the oldest); otherwise never waits. */
  check(): void {
    const f = this.failed.find((x) => !x.thrown);
    if (f) {
      for (const x of this.failed) x.thrown = true;
      throw f.error;
    }
  }

  /** Waits until every handed-over batch committed; throws (once) if one failed, retries it after that. */
  async drain(): Promise<void> {
    await this.settle();
    this.check();
    await this.recover();
  }

  /**
   * Partitions are revoked (close): waits for the running jobs and drops failed ones instead of
   * running them again (their records go to the partitions' next owner from the committed offsets),
   * throwing an error nobody has seen yet.
   */
  async abandon(): Promise<boolean> {
    await this.settle();
    const f = this.failed;
    this.failed = [];
    const unseen = f.find((x) => !x.thrown);
    if (unseen) throw unseen.error;
    return f.length > 0;
  }

  /** A job failed and was not run again successfully yet. */
  get failing(): boolean {
    return this.failed.length > 0;
  }

  /** Waits for the running jobs without throwing (stop). */
  async settle(): Promise<void> {
    while (this.running.length > 0) await Promise.all(this.running.map((r) => r.done));
  }

  /** `consumed` capped, per partition, at the first record not committed yet. */
  committedOffsets(consumed: readonly TopicPartitionOffset[]): TopicPartitionOffset[] {
    const jobs = [...this.failed, ...this.running].map((j) => j.job);
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

  /**
   * Runs the failed jobs again, oldest first, once nothing else runs (after their error was
   * thrown once). One that fails again stays first; the later ones wait behind it.
   */
  private async recover(): Promise<void> {
    if (this.failed.length === 0) return;
    await this.settle();
    this.check();
    while (this.failed.length > 0) {
      await this.writer.execute(this.failed[0]!.job);
      this.failed.shift();
    }
  }

  private start(job: WriteJob, keys: Map<string, Set<string>> | null): void {
    const used = new Set(this.running.map((r) => r.slot));
    let slot = 0;
    while (used.has(slot)) slot++;
    const seq = this.seq++;
    const done = this.writer.execute(job, slot).then(
      () => {
        this.remove(seq);
        if (!this.putting) this.onIdleCommit();
      },
      (error: unknown) => {
        this.remove(seq);
        this.failed.push({ job, seq, error, thrown: false });
        this.failed.sort((a, b) => a.seq - b.seq);
      },
    );
    this.running.push({ job, seq, slot, keys, done });
  }

  private remove(seq: number): void {
    const i = this.running.findIndex((r) => r.seq === seq);
    if (i >= 0) this.running.splice(i, 1);
  }
}

/** True when two jobs may run at once: both plain keyed writes, no key of one table in both. */
function disjoint(a: Map<string, Set<string>> | null, b: Map<string, Set<string>> | null): boolean {
  if (!a || !b) return false;
  for (const [table, keys] of a) {
    const other = b.get(table);
    if (!other) continue;
    const [small, large] = keys.size <= other.size ? [keys, other] : [other, keys];
    for (const k of small) if (large.has(k)) return false;
  }
  return true;
}
