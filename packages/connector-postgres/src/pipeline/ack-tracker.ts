import { Lsn } from '@tsconnect/pgoutput';
import type { SourceRecord } from '@tsconnect/sdk';

/** How many pending batch ends an acknowledgement is compared with (more only if one was never acknowledged). */
const SCAN_LIMIT = 8;

/**
 * Which WAL position may be confirmed to PostgreSQL, tracked per transaction and per poll()
 * batch rather than per record: records are counted as they are emitted; a transaction's commit
 * notes "after record #n, LSN x is safe"; each batch poll() returns notes its last record and
 * number. The runtime acknowledges every polled record in poll order (commitRecord, as Kafka
 * Connect's WorkerSourceTask does, dropped records included), so once a batch's last record is
 * acknowledged the whole batch is, and every transaction ending inside it may be flushed.
 */
export class AckTracker {
  private emittedCount = 0;
  private polledCount = 0;
  private lastAcked = 0;
  private readonly marks: { seq: number; lsn: Lsn }[] = [];
  private marksHead = 0;
  private readonly batchEnds: { record: SourceRecord; seq: number }[] = [];
  private batchesHead = 0;

  /** Call for each record, in the order poll() will return them. */
  emitted(): void {
    this.emittedCount++;
  }

  /** The transaction that ended at `lsn` is complete once every record emitted so far is acknowledged. */
  transactionEnded(lsn: Lsn): void {
    const last = this.marks.length > this.marksHead ? this.marks[this.marks.length - 1]! : undefined;
    if (last && last.seq === this.emittedCount) last.lsn = Lsn.max(last.lsn, lsn);
    else this.marks.push({ seq: this.emittedCount, lsn });
  }

  /** A batch poll() is returning (the records emitted next, in order). */
  polled(batch: readonly SourceRecord[]): void {
    if (batch.length === 0) return;
    this.polledCount += batch.length;
    this.batchEnds.push({ record: batch[batch.length - 1]!, seq: this.polledCount });
  }

  acknowledged(record: SourceRecord): void {
    const end = Math.min(this.batchEnds.length, this.batchesHead + SCAN_LIMIT);
    for (let i = this.batchesHead; i < end; i++) {
      if (this.batchEnds[i]!.record !== record) continue;
      this.lastAcked = this.batchEnds[i]!.seq;
      this.batchesHead = i + 1;
      if (this.batchesHead === this.batchEnds.length) {
        this.batchEnds.length = 0;
        this.batchesHead = 0;
      }
      return;
    }
  }

  /** The highest LSN whose transactions are all acknowledged, removing it from the pending marks; null if none. */
  takeFlushable(): Lsn | null {
    let flush: Lsn | null = null;
    while (this.marksHead < this.marks.length && this.marks[this.marksHead]!.seq <= this.lastAcked) {
      flush = this.marks[this.marksHead++]!.lsn;
    }
    if (this.marksHead > 1024 && this.marksHead * 2 > this.marks.length) {
      this.marks.splice(0, this.marksHead);
      this.marksHead = 0;
    }
    return flush;
  }
}
