import type { OffsetMap } from '@tsconnect/sdk';
import type { ChangeEventSink } from '../pipeline/change-event-source.js';
import type { SourceInfo } from '../schema/source-info.js';
import type { RawRow, TableSchema } from '../schema/table-schema.js';

/** What a hook may use of the stream's current position. */
export interface StreamPosition {
  readonly sink: ChangeEventSink;
  /** Offset at the event being processed. */
  offset(): OffsetMap;
  /** Source block of a record about `table` at this position, marked `snapshot`. */
  source(table: TableSchema, snapshot: SourceInfo['snapshot']): SourceInfo;
}

/** Lets the signal table and incremental snapshots ride on the stream (Debezium's signal processing). */
export interface StreamHooks {
  isSignalTable(schema: string, table: string): boolean;
  /** A row inserted into the signal table; the row itself is not emitted. */
  onSignal(row: RawRow, at: StreamPosition): Promise<void>;
  /** A captured row changed (old and new images): used to drop stale rows of an open snapshot window. */
  onChange(table: TableSchema, rows: readonly (RawRow | null)[]): void;
  /** The stream is running (before its first message): a resumed incremental snapshot continues here. */
  streamStarted(): Promise<void>;
  /** Keys every offset carries at this point (the incremental snapshot's state); null when none. */
  offsetState(): Readonly<Record<string, string | null>> | null;
}
