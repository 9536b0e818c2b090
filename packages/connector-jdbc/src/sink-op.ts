import type { SinkRecord } from '@tsconnect/sdk';
import type { SinkColumn } from './column-kind.js';
import type { TableId } from './dialect/dialect.js';

/** The columns of a write, keys first; `signature` changes whenever the column set or types change. */
export interface RowShape {
  readonly keys: readonly SinkColumn[];
  readonly nonKeys: readonly SinkColumn[];
  readonly signature: string;
}

interface OpBase {
  readonly table: TableId;
  /** "<topic>-<partition>@<offset>", for error messages. */
  readonly source: string;
  /** The record this op came from, for the errant record reporter. */
  readonly record: SinkRecord;
}

/** Write a row; insert.mode decides INSERT, upsert or UPDATE. `values` align with keys then nonKeys. */
export interface WriteOp extends OpBase {
  readonly type: 'write';
  readonly shape: RowShape;
  readonly values: readonly unknown[];
  /** Identity of the primary key, or null when there is none (pk.mode none). */
  readonly keyId: string | null;
}

export interface DeleteOp extends OpBase {
  readonly type: 'delete';
  readonly keys: readonly SinkColumn[];
  readonly keyValues: readonly unknown[];
  readonly keyId: string;
}

export interface TruncateOp extends OpBase {
  readonly type: 'truncate';
}

export type SinkOp = WriteOp | DeleteOp | TruncateOp;
