import { ReplicationError } from '../errors.js';
import { Lsn } from '../lsn.js';
import { PG_EPOCH_OFFSET_MICROS } from '../decoder/buffer-reader.js';

/** XLogData ('w'): a chunk of output plugin data. */
export interface XLogData {
  readonly kind: 'xlogdata';
  readonly walStart: Lsn;
  readonly walEnd: Lsn;
  readonly sendTime: bigint;
  readonly data: Buffer;
}

/** Primary keepalive ('k'). */
export interface Keepalive {
  readonly kind: 'keepalive';
  readonly walEnd: Lsn;
  readonly sendTime: bigint;
  readonly replyRequested: boolean;
}

/** An LSN at `offset`; 0/0 (most XLogData headers inside a transaction) without a BigInt. */
function lsnAt(chunk: Buffer, offset: number): Lsn {
  return chunk.readUInt32BE(offset) === 0 && chunk.readUInt32BE(offset + 4) === 0 ? Lsn.ZERO : Lsn.fromBigInt(chunk.readBigUInt64BE(offset));
}

/** Parses one CopyData payload sent by the walsender. */
export function parseWalMessage(chunk: Buffer): XLogData | Keepalive {
  const tag = chunk[0];
  if (tag === 0x77 && chunk.length >= 25) {
    return {
      kind: 'xlogdata',
      walStart: lsnAt(chunk, 1),
      walEnd: lsnAt(chunk, 9),
      sendTime: chunk.readBigInt64BE(17) + PG_EPOCH_OFFSET_MICROS,
      data: chunk.subarray(25),
    };
  }
  if (tag === 0x6b && chunk.length >= 18) {
    return {
      kind: 'keepalive',
      walEnd: Lsn.fromBigInt(chunk.readBigUInt64BE(1)),
      sendTime: chunk.readBigInt64BE(9) + PG_EPOCH_OFFSET_MICROS,
      replyRequested: chunk[17] === 1,
    };
  }
  throw new ReplicationError(`unexpected replication CopyData message (tag 0x${(tag ?? 0).toString(16)}, ${chunk.length} bytes)`);
}

/** Standby status update ('r'): written, flushed and applied position all set to `lsn`. */
export function standbyStatusUpdate(lsn: Lsn, replyRequested = false, nowMs = Date.now()): Buffer {
  const buf = Buffer.alloc(34);
  buf[0] = 0x72;
  buf.writeBigUInt64BE(lsn.value, 1);
  buf.writeBigUInt64BE(lsn.value, 9);
  buf.writeBigUInt64BE(lsn.value, 17);
  buf.writeBigInt64BE(BigInt(nowMs) * 1000n - PG_EPOCH_OFFSET_MICROS, 25);
  buf[33] = replyRequested ? 1 : 0;
  return buf;
}
