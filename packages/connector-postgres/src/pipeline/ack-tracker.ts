import { Lsn } from '@tsconnect/pgoutput';
import type { SourceRecord } from '@tsconnect/sdk';

/**
 * Which WAL position may be confirmed to PostgreSQL. Every emitted record gets a sequence number;
 * when a transaction's commit is read, the tracker notes "after record #n, LSN x is safe". Once the
 * runtime has acknowledged record #n (commitRecord, in poll order), x may be flushed (commit()).
 */
export class AckTracker {
  private readonly seqOf = new WeakMap<SourceRecord, number>();
  private lastEmitted = 0;
  private lastAcked = 0;
  private readonly marks: { seq: number; lsn: Lsn }[] = [];

  /** Call for each record in the order poll() will return them. */
  emitted(record: SourceRecord): void {
    this.seqOf.set(record, ++this.lastEmitted);
  }

  /** The transaction that ended at `lsn` is complete once every record emitted so far is acknowledged. */
  transactionEnded(lsn: Lsn): void {
    const last = this.marks[this.marks.length - 1];
    if (last && last.seq === this.lastEmitted) last.lsn = Lsn.max(last.lsn, lsn);
    else this.marks.push({ seq: this.lastEmitted, lsn });
  }

  acknowledged(record: SourceRecord): void {
    const seq = this.seqOf.get(record);
    if (seq !== undefined && seq > this.lastAcked) this.lastAcked = seq;
  }

  /** The highest LSN whose transactions are all acknowledged, removing it from the pending marks; null if none. */
  takeFlushable(): Lsn | null {
    let flush: Lsn | null = null;
    while (this.marks.length && this.marks[0]!.seq <= this.lastAcked) flush = this.marks.shift()!.lsn;
    return flush;
  }
}
