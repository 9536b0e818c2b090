import type { MessageHandler } from './decode-context.js';

/** Handlers for transaction framing: begin/commit, origin, streaming and two-phase messages. */
export const transactionHandlers: Readonly<Record<string, MessageHandler>> = {
  B: (r) => ({ type: 'begin', finalLsn: r.lsn('final lsn'), commitTime: r.timestamp('commit time'), xid: r.uint32('xid') }),

  C: (r) => ({
    type: 'commit',
    flags: r.uint8('flags'),
    commitLsn: r.lsn('commit lsn'),
    endLsn: r.lsn('end lsn'),
    commitTime: r.timestamp('commit time'),
  }),

  O: (r) => ({ type: 'origin', originLsn: r.lsn('origin lsn'), originName: r.cstring('origin name') }),

  S: (r, ctx) => {
    const msg = { type: 'stream_start', xid: r.uint32('xid'), firstSegment: r.uint8('first segment') === 1 } as const;
    ctx.inStream = true;
    return msg;
  },

  E: (_r, ctx) => {
    ctx.inStream = false;
    return { type: 'stream_stop' };
  },

  c: (r) => ({
    type: 'stream_commit',
    xid: r.uint32('xid'),
    flags: r.uint8('flags'),
    commitLsn: r.lsn('commit lsn'),
    endLsn: r.lsn('end lsn'),
    commitTime: r.timestamp('commit time'),
  }),

  A: (r) => {
    const xid = r.uint32('xid');
    const subXid = r.uint32('subxid');
    if (r.remaining === 0) return { type: 'stream_abort', xid, subXid };
    // Protocol 4, streaming = parallel: abort LSN and time follow.
    return { type: 'stream_abort', xid, subXid, abortLsn: r.lsn('abort lsn'), abortTime: r.timestamp('abort time') };
  },

  b: (r) => ({
    type: 'begin_prepare',
    prepareLsn: r.lsn('prepare lsn'),
    endLsn: r.lsn('end lsn'),
    prepareTime: r.timestamp('prepare time'),
    xid: r.uint32('xid'),
    gid: r.cstring('gid'),
  }),

  P: (r) => ({
    type: 'prepare',
    flags: r.uint8('flags'),
    prepareLsn: r.lsn('prepare lsn'),
    endLsn: r.lsn('end lsn'),
    prepareTime: r.timestamp('prepare time'),
    xid: r.uint32('xid'),
    gid: r.cstring('gid'),
  }),

  p: (r) => ({
    type: 'stream_prepare',
    flags: r.uint8('flags'),
    prepareLsn: r.lsn('prepare lsn'),
    endLsn: r.lsn('end lsn'),
    prepareTime: r.timestamp('prepare time'),
    xid: r.uint32('xid'),
    gid: r.cstring('gid'),
  }),

  K: (r) => ({
    type: 'commit_prepared',
    flags: r.uint8('flags'),
    commitLsn: r.lsn('commit lsn'),
    endLsn: r.lsn('end lsn'),
    commitTime: r.timestamp('commit time'),
    xid: r.uint32('xid'),
    gid: r.cstring('gid'),
  }),

  r: (r) => ({
    type: 'rollback_prepared',
    flags: r.uint8('flags'),
    prepareEndLsn: r.lsn('prepare end lsn'),
    endLsn: r.lsn('rollback end lsn'),
    prepareTime: r.timestamp('prepare time'),
    rollbackTime: r.timestamp('rollback time'),
    xid: r.uint32('xid'),
    gid: r.cstring('gid'),
  }),
};
