import type { SourceRecord, TransactionContext } from '@tsconnect/sdk';

export type BoundaryAction = 'commit' | 'abort';

/**
 * `transaction.boundary=connector` (Kafka's WorkerTransactionContext): collects the task's
 * commit/abort requests. Requests naming a record apply right after that record is sent;
 * the others after the current poll batch.
 */
export class ConnectorTransactionContext implements TransactionContext {
  private batchAction: BoundaryAction | null = null;
  private readonly recordActions = new Map<SourceRecord, BoundaryAction>();

  commitTransaction(record?: SourceRecord): void {
    this.request('commit', record);
  }

  abortTransaction(record?: SourceRecord): void {
    this.request('abort', record);
  }

  private request(action: BoundaryAction, record: SourceRecord | undefined): void {
    if (record === undefined) {
      if (this.batchAction !== null && this.batchAction !== action) {
        throw new Error('Connector requested both commit and abort of the same transaction');
      }
      this.batchAction = action;
      return;
    }
    const before = this.recordActions.get(record);
    if (before !== undefined && before !== action) {
      throw new Error('Connector requested both commit and abort of the same transaction');
    }
    this.recordActions.set(record, action);
  }

  /** The action requested right after `record` (and forgets it). */
  takeRecordAction(record: SourceRecord): BoundaryAction | null {
    const a = this.recordActions.get(record) ?? null;
    if (a !== null) this.recordActions.delete(record);
    return a;
  }

  /** The action requested for the end of the current batch (and forgets it). */
  takeBatchAction(): BoundaryAction | null {
    const a = this.batchAction;
    this.batchAction = null;
    return a;
  }

  /** Records of an aborted/restarted task never come back: drop their pending requests. */
  clear(): void {
    this.batchAction = null;
    this.recordActions.clear();
  }
}
