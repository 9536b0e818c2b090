import { ReplicationError } from '../errors.js';
import type { Lsn } from '../lsn.js';
import type { PgoutputDecoderOptions } from '../decoder/pgoutput-decoder.js';
import { quoteIdent, quoteLiteral } from './sql.js';
import type { ReplicationStreamOptions } from './replication-stream.js';

export type ProtocolVersion = 1 | 2 | 3 | 4;

export interface StartOptions extends ReplicationStreamOptions, PgoutputDecoderOptions {
  readonly slot: string;
  readonly publications: readonly string[];
  /** Where to start; default `0/0` = the slot's confirmed_flush_lsn (resume). */
  readonly startLsn?: Lsn;
  /** pgoutput proto_version; default: the highest the server supports (PG14 → 2, 15 → 3, 16+ → 4, else 1). */
  readonly protoVersion?: ProtocolVersion;
  /** Binary transfer of column values (PG14+). */
  readonly binary?: boolean;
  /** Include pg_logical_emit_message messages (PG14+). */
  readonly messages?: boolean;
  /** Stream large in-progress transactions (protocol 2+); `parallel` needs protocol 4. */
  readonly streaming?: boolean | 'parallel';
  /** Decode prepared transactions at PREPARE time (protocol 3+). */
  readonly twoPhase?: boolean;
}

export function protocolForServer(serverVersionNum: number): ProtocolVersion {
  if (serverVersionNum >= 160000) return 4;
  if (serverVersionNum >= 150000) return 3;
  if (serverVersionNum >= 140000) return 2;
  return 1;
}

/** Builds the START_REPLICATION command, validating option/protocol combinations. */
export function startReplicationSql(o: StartOptions, proto: ProtocolVersion, lsn: Lsn, serverVersionNum: number): string {
  if (o.publications.length === 0) throw new ReplicationError('start: at least one publication is required');
  const need = (ok: boolean, what: string): void => {
    if (!ok) throw new ReplicationError(`start: ${what}`);
  };
  need(o.streaming !== true || proto >= 2, 'streaming needs protoVersion 2 or higher');
  need(o.streaming !== 'parallel' || proto >= 4, "streaming 'parallel' needs protoVersion 4");
  need(!o.twoPhase || proto >= 3, 'twoPhase needs protoVersion 3 or higher');
  need(!(o.binary || o.messages) || serverVersionNum >= 140000, 'binary and messages need PostgreSQL 14+');
  const opts = [
    `proto_version ${quoteLiteral(String(proto))}`,
    `publication_names ${quoteLiteral(o.publications.map(quoteIdent).join(','))}`,
  ];
  if (o.binary) opts.push(`binary 'true'`);
  if (o.messages) opts.push(`messages 'true'`);
  if (o.streaming) opts.push(`streaming ${o.streaming === 'parallel' ? "'parallel'" : "'true'"}`);
  if (o.twoPhase) opts.push(`two_phase 'true'`);
  return `START_REPLICATION SLOT ${quoteIdent(o.slot)} LOGICAL ${lsn.toString()} (${opts.join(', ')})`;
}
