import type { Lsn } from '../lsn.js';

/**
 * Marker for a TOASTed column whose value did not change in an UPDATE: pgoutput
 * sends `u` instead of the value. Compare with `===`.
 */
export const UNCHANGED_TOAST: unique symbol = Symbol.for('@tsconnect/pgoutput/unchanged-toast');
export type UnchangedToast = typeof UNCHANGED_TOAST;

/** A decoded column value: see `values/` for the JS type each PostgreSQL type maps to. */
export type PgValue = string | number | bigint | boolean | Buffer | readonly (PgValue | null)[];

/** What a tuple holds for one column. In `raw` mode, text values are strings and binary values Buffers. */
export type ColumnValue = PgValue | null | UnchangedToast;

/** Column name → value, in relation column order. */
export type Tuple = Readonly<Record<string, ColumnValue>>;

export type ReplicaIdentity = 'default' | 'nothing' | 'full' | 'index';

export interface RelationColumn {
  readonly name: string;
  /** True when the column is part of the replica identity key (flag bit 1). */
  readonly isKey: boolean;
  readonly typeOid: number;
  /** Type modifier (atttypmod), -1 when none. */
  readonly typeMod: number;
}

interface Streamed {
  /** Transaction id; present only inside a streamed (in-progress) transaction, protocol 2+. */
  readonly xid?: number;
}

export interface BeginMessage {
  readonly type: 'begin';
  /** LSN of the transaction's commit record. */
  readonly finalLsn: Lsn;
  /** Commit time, microseconds since the Unix epoch. */
  readonly commitTime: bigint;
  readonly xid: number;
}

export interface CommitMessage {
  readonly type: 'commit';
  readonly flags: number;
  /** LSN of the commit record. */
  readonly commitLsn: Lsn;
  /** LSN just past the commit record: acknowledge this one once the transaction is durable downstream. */
  readonly endLsn: Lsn;
  readonly commitTime: bigint;
}

export interface OriginMessage {
  readonly type: 'origin';
  readonly originLsn: Lsn;
  readonly originName: string;
}

export interface RelationMessage extends Streamed {
  readonly type: 'relation';
  readonly relationId: number;
  readonly schema: string;
  readonly name: string;
  readonly replicaIdentity: ReplicaIdentity;
  readonly columns: readonly RelationColumn[];
  /** Names of the replica identity key columns. */
  readonly keyColumns: readonly string[];
}

export interface TypeMessage extends Streamed {
  readonly type: 'type';
  readonly typeOid: number;
  readonly schema: string;
  readonly name: string;
}

export interface InsertMessage extends Streamed {
  readonly type: 'insert';
  readonly relation: RelationMessage;
  readonly new: Tuple;
}

/** `key`: only replica identity columns (K); `old`: the whole old row, REPLICA IDENTITY FULL (O). */
export type OldTupleKind = 'key' | 'old';

export interface UpdateMessage extends Streamed {
  readonly type: 'update';
  readonly relation: RelationMessage;
  /** Null when the server sent no old tuple (key unchanged, identity DEFAULT/INDEX). */
  readonly old: Tuple | null;
  readonly oldKind: OldTupleKind | null;
  readonly new: Tuple;
}

export interface DeleteMessage extends Streamed {
  readonly type: 'delete';
  readonly relation: RelationMessage;
  readonly old: Tuple;
  readonly oldKind: OldTupleKind;
}

export interface TruncateMessage extends Streamed {
  readonly type: 'truncate';
  readonly cascade: boolean;
  readonly restartIdentity: boolean;
  readonly relations: readonly RelationMessage[];
}

export interface LogicalMessage extends Streamed {
  readonly type: 'message';
  readonly transactional: boolean;
  readonly messageLsn: Lsn;
  readonly prefix: string;
  readonly content: Buffer;
}

export interface StreamStartMessage {
  readonly type: 'stream_start';
  readonly xid: number;
  readonly firstSegment: boolean;
}

export interface StreamStopMessage {
  readonly type: 'stream_stop';
}

export interface StreamCommitMessage {
  readonly type: 'stream_commit';
  readonly xid: number;
  readonly flags: number;
  readonly commitLsn: Lsn;
  readonly endLsn: Lsn;
  readonly commitTime: bigint;
}

export interface StreamAbortMessage {
  readonly type: 'stream_abort';
  readonly xid: number;
  /** Equal to `xid` when the whole transaction aborted, else the aborted subtransaction. */
  readonly subXid: number;
  /** Protocol 4 with `streaming = parallel` only. */
  readonly abortLsn?: Lsn;
  readonly abortTime?: bigint;
}

interface PrepareFields {
  readonly flags: number;
  readonly prepareLsn: Lsn;
  readonly endLsn: Lsn;
  readonly prepareTime: bigint;
  readonly xid: number;
  readonly gid: string;
}

export interface BeginPrepareMessage {
  readonly type: 'begin_prepare';
  readonly prepareLsn: Lsn;
  readonly endLsn: Lsn;
  readonly prepareTime: bigint;
  readonly xid: number;
  readonly gid: string;
}

export interface PrepareMessage extends PrepareFields {
  readonly type: 'prepare';
}

export interface StreamPrepareMessage extends PrepareFields {
  readonly type: 'stream_prepare';
}

export interface CommitPreparedMessage {
  readonly type: 'commit_prepared';
  readonly flags: number;
  readonly commitLsn: Lsn;
  readonly endLsn: Lsn;
  readonly commitTime: bigint;
  readonly xid: number;
  readonly gid: string;
}

export interface RollbackPreparedMessage {
  readonly type: 'rollback_prepared';
  readonly flags: number;
  /** End LSN of the prepared transaction. */
  readonly prepareEndLsn: Lsn;
  /** End LSN of the rollback: acknowledge this one. */
  readonly endLsn: Lsn;
  readonly prepareTime: bigint;
  readonly rollbackTime: bigint;
  readonly xid: number;
  readonly gid: string;
}

/** Every message pgoutput sends (protocol versions 1–4). Switch on `type`. */
export type PgoutputMessage =
  | BeginMessage
  | CommitMessage
  | OriginMessage
  | RelationMessage
  | TypeMessage
  | InsertMessage
  | UpdateMessage
  | DeleteMessage
  | TruncateMessage
  | LogicalMessage
  | StreamStartMessage
  | StreamStopMessage
  | StreamCommitMessage
  | StreamAbortMessage
  | BeginPrepareMessage
  | PrepareMessage
  | CommitPreparedMessage
  | RollbackPreparedMessage
  | StreamPrepareMessage;

export type PgoutputMessageType = PgoutputMessage['type'];
