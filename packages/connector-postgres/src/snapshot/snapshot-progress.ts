/** Snapshot progress for metrics (Debezium's SnapshotChangeEventSourceMetrics, the useful part). */
export interface SnapshotProgressView {
  readonly running: boolean;
  readonly completed: boolean;
  readonly totalTables: number;
  readonly completedTables: number;
  /** Rows read so far per `schema.table`. */
  readonly rowsScanned: Readonly<Record<string, number>>;
}

export class SnapshotProgress {
  private running = false;
  private completed = false;
  private total = 0;
  private done = 0;
  private readonly scanned = new Map<string, number>();

  started(totalTables: number, alreadyDone: number): void {
    this.running = true;
    this.total = totalTables;
    this.done = alreadyDone;
  }

  rowsRead(table: string, n: number): void {
    this.scanned.set(table, (this.scanned.get(table) ?? 0) + n);
  }

  rows(table: string): number {
    return this.scanned.get(table) ?? 0;
  }

  tableDone(_table: string): void {
    this.done++;
    if (this.done >= this.total) {
      this.running = false;
      this.completed = true;
    }
  }

  view(): SnapshotProgressView {
    return {
      running: this.running, completed: this.completed, totalTables: this.total, completedTables: this.done,
      rowsScanned: Object.fromEntries(this.scanned),
    };
  }
}
