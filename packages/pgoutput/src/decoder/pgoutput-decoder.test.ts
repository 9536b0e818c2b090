import { describe, expect, it } from 'vitest';
import { PgoutputDecoder } from './pgoutput-decoder.js';
import { UNCHANGED_TOAST } from './messages.js';
import { PgoutputDecodeError } from '../errors.js';
import { Lsn } from '../lsn.js';
import { MessageBuilder as M, relationMessage } from '../test-support/message-builder.js';

const PG_EPOCH = 946_684_800_000_000n;
const L1 = Lsn.parse('16/B374D848');
const L2 = Lsn.parse('16/B374D900');

function decoderWithRelation(): PgoutputDecoder {
  const d = new PgoutputDecoder();
  d.decode(relationMessage());
  return d;
}

describe('PgoutputDecoder: transaction messages', () => {
  const d = new PgoutputDecoder();

  it('begin / commit / origin', () => {
    expect(d.decode(M.tag('B').u64(L1.value).i64(1_000_000n).u32(4_000_000_000).build())).toEqual({
      type: 'begin', finalLsn: L1, commitTime: PG_EPOCH + 1_000_000n, xid: 4_000_000_000,
    });
    expect(d.decode(M.tag('C').u8(0).u64(L1.value).u64(L2.value).i64(-5n).build())).toEqual({
      type: 'commit', flags: 0, commitLsn: L1, endLsn: L2, commitTime: PG_EPOCH - 5n,
    });
    expect(d.decode(M.tag('O').u64(L1.value).str('node_a').build())).toEqual({ type: 'origin', originLsn: L1, originName: 'node_a' });
  });

  it('streaming messages (protocol 2 and 4)', () => {
    expect(d.decode(M.tag('S').u32(77).u8(1).build())).toEqual({ type: 'stream_start', xid: 77, firstSegment: true });
    expect(d.decode(M.tag('E').build())).toEqual({ type: 'stream_stop' });
    expect(d.decode(M.tag('c').u32(77).u8(0).u64(L1.value).u64(L2.value).i64(0n).build())).toEqual({
      type: 'stream_commit', xid: 77, flags: 0, commitLsn: L1, endLsn: L2, commitTime: PG_EPOCH,
    });
    expect(d.decode(M.tag('A').u32(77).u32(78).build())).toEqual({ type: 'stream_abort', xid: 77, subXid: 78 });
    expect(d.decode(M.tag('A').u32(77).u32(77).u64(L1.value).i64(9n).build())).toEqual({
      type: 'stream_abort', xid: 77, subXid: 77, abortLsn: L1, abortTime: PG_EPOCH + 9n,
    });
  });

  it('two-phase messages (protocol 3)', () => {
    expect(d.decode(M.tag('b').u64(L1.value).u64(L2.value).i64(1n).u32(5).str('gid1').build())).toEqual({
      type: 'begin_prepare', prepareLsn: L1, endLsn: L2, prepareTime: PG_EPOCH + 1n, xid: 5, gid: 'gid1',
    });
    for (const [tag, type] of [['P', 'prepare'], ['p', 'stream_prepare']] as const) {
      expect(d.decode(M.tag(tag).u8(0).u64(L1.value).u64(L2.value).i64(2n).u32(5).str('g').build())).toEqual({
        type, flags: 0, prepareLsn: L1, endLsn: L2, prepareTime: PG_EPOCH + 2n, xid: 5, gid: 'g',
      });
    }
    expect(d.decode(M.tag('K').u8(0).u64(L1.value).u64(L2.value).i64(3n).u32(5).str('g').build())).toEqual({
      type: 'commit_prepared', flags: 0, commitLsn: L1, endLsn: L2, commitTime: PG_EPOCH + 3n, xid: 5, gid: 'g',
    });
    expect(d.decode(M.tag('r').u8(0).u64(L1.value).u64(L2.value).i64(3n).i64(4n).u32(5).str('g').build())).toEqual({
      type: 'rollback_prepared', flags: 0, prepareEndLsn: L1, endLsn: L2, prepareTime: PG_EPOCH + 3n,
      rollbackTime: PG_EPOCH + 4n, xid: 5, gid: 'g',
    });
  });
});

describe('PgoutputDecoder: relation and changes', () => {
  it('caches relations and decodes insert with null / text / binary', () => {
    const d = decoderWithRelation();
    const rel = d.relation(16384)!;
    expect(rel).toMatchObject({ schema: 'public', name: 'items', replicaIdentity: 'default', keyColumns: ['id'] });
    expect(rel.columns[2]).toEqual({ name: 'data', isKey: false, typeOid: 17, typeMod: -1 });
    const ins = d.decode(M.tag('I').u32(16384).char('N').tuple(['42', null, '\\xdeadbeef']).build());
    expect(ins).toEqual({ type: 'insert', relation: rel, new: { id: 42, name: null, data: Buffer.from('deadbeef', 'hex') } });
    const bin = d.decode(M.tag('I').u32(16384).char('N').tuple(['1', 'x', Buffer.from([1, 2])]).build());
    expect(bin.type === 'insert' && bin.new['data']).toEqual(Buffer.from([1, 2]));
  });

  it('raw mode keeps text as string and binary as Buffer', () => {
    const d = new PgoutputDecoder({ values: 'raw' });
    d.decode(relationMessage());
    const ins = d.decode(M.tag('I').u32(16384).char('N').tuple(['42', 'a', Buffer.from([7])]).build());
    expect(ins.type === 'insert' && ins.new).toEqual({ id: '42', name: 'a', data: Buffer.from([7]) });
  });

  it('update without old, with key (K), with old (O) and unchanged TOAST', () => {
    const d = decoderWithRelation();
    const none = d.decode(M.tag('U').u32(16384).char('N').tuple(['1', 'b', { u: true }]).build());
    expect(none).toMatchObject({ type: 'update', old: null, oldKind: null, new: { id: 1, name: 'b', data: UNCHANGED_TOAST } });
    const key = d.decode(M.tag('U').u32(16384).char('K').tuple(['1', null, null]).char('N').tuple(['2', 'b', null]).build());
    expect(key).toMatchObject({ oldKind: 'key', old: { id: 1, name: null, data: null }, new: { id: 2 } });
    const old = d.decode(M.tag('U').u32(16384).char('O').tuple(['1', 'a', null]).char('N').tuple(['1', 'b', null]).build());
    expect(old).toMatchObject({ oldKind: 'old', old: { id: 1, name: 'a' }, new: { name: 'b' } });
  });

  it('delete, truncate, type, logical message', () => {
    const d = decoderWithRelation();
    expect(d.decode(M.tag('D').u32(16384).char('K').tuple(['9', null, null]).build())).toMatchObject({
      type: 'delete', oldKind: 'key', old: { id: 9, name: null, data: null },
    });
    d.decode(relationMessage(16385));
    expect(d.decode(M.tag('T').i32(2).u8(3).u32(16384).u32(16385).build())).toMatchObject({
      type: 'truncate', cascade: true, restartIdentity: true, relations: [{ relationId: 16384 }, { relationId: 16385 }],
    });
    expect(d.decode(M.tag('Y').u32(70000).str('public').str('mood').build())).toEqual({ type: 'type', typeOid: 70000, schema: 'public', name: 'mood' });
    expect(d.type(70000)?.name).toBe('mood');
    expect(d.decode(M.tag('M').u8(1).u64(L1.value).str('pfx').i32(3).raw(Buffer.from('abc')).build())).toEqual({
      type: 'message', transactional: true, messageLsn: L1, prefix: 'pfx', content: Buffer.from('abc'),
    });
  });

  it('streamed changes carry the xid between stream_start and stream_stop', () => {
    const d = new PgoutputDecoder();
    d.decode(M.tag('S').u32(900).u8(1).build());
    expect(d.decode(relationMessage(16384, 900))).toMatchObject({ type: 'relation', xid: 900, name: 'items' });
    expect(d.decode(M.tag('I').u32(900).u32(16384).char('N').tuple(['1', 'a', null]).build())).toMatchObject({ xid: 900, new: { id: 1 } });
    expect(d.decode(M.tag('U').u32(900).u32(16384).char('N').tuple(['1', 'b', null]).build())).toMatchObject({ xid: 900 });
    expect(d.decode(M.tag('D').u32(900).u32(16384).char('K').tuple(['1', null, null]).build())).toMatchObject({ xid: 900 });
    expect(d.decode(M.tag('T').u32(900).i32(1).u8(0).u32(16384).build())).toMatchObject({ xid: 900, cascade: false });
    expect(d.decode(M.tag('M').u32(900).u8(1).u64(1n).str('p').i32(0).build())).toMatchObject({ xid: 900, prefix: 'p' });
    expect(d.decode(M.tag('Y').u32(900).u32(1).str('s').str('t').build())).toMatchObject({ xid: 900 });
    d.decode(M.tag('E').build());
    expect(d.decode(M.tag('I').u32(16384).char('N').tuple(['1', 'a', null]).build())).not.toHaveProperty('xid');
  });
});

describe('PgoutputDecoder: errors', () => {
  const cases: [string, Buffer, string, number][] = [
    ['empty', Buffer.alloc(0), 'unknown', 0],
    ['unknown tag', Buffer.from('Z'), 'unknown', 0],
    ['truncated begin', M.tag('B').u64(1n).build(), 'begin', 9],
    ['trailing bytes', M.tag('E').u8(0).build(), 'stream_stop', 1],
    ['unknown relation', M.tag('I').u32(1).char('N').tuple([]).build(), 'insert', 1],
    ['unterminated string', M.tag('O').u64(1n).raw(Buffer.from('abc')).build(), 'origin', 9],
  ];
  it.each(cases)('%s', (_name, buf, messageType, offset) => {
    const d = decoderWithRelation();
    const err = (() => {
      try {
        d.decode(buf);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(PgoutputDecodeError);
    expect(err).toMatchObject({ messageType, offset });
  });

  it('names the column when a value does not parse', () => {
    const d = decoderWithRelation();
    expect(() => d.decode(M.tag('I').u32(16384).char('N').tuple(['1', 'a', '\\xZZ']).build())).toThrow(/column data.*at byte 25/);
    expect(() => d.decode(M.tag('I').u32(16384).char('N').tuple(['1', 'a']).build())).toThrow(PgoutputDecodeError);
    expect(() => d.decode(M.tag('I').u32(16384).char('N').i16(3).char('x').build())).toThrow(/unknown column kind/);
  });
});
