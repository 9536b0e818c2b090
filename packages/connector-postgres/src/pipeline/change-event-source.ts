import type { SourceRecord } from '@tsconnect/sdk';
import type { Lsn } from '@tsconnect/pgoutput';

/** Where sources put records; `put` waits while poll() has not caught up. */
export interface ChangeEventSink {
  put(record: SourceRecord): Promise<void>;
  /** A transaction ended at `lsn`: confirmable once the records emitted so far are acknowledged. */
  transactionEnded(lsn: Lsn): void;
}

/**
 * One phase of capture (Debezium's ChangeEventSource): the snapshot or the streaming source.
 * `execute` runs until done (snapshot) or until `signal` aborts (streaming).
 */
export interface ChangeEventSource {
  execute(sink: ChangeEventSink, signal: AbortSignal): Promise<void>;
}
