import type { BufferReader } from './buffer-reader.js';
import type { DecodeContext, MessageHandler } from './decode-context.js';
import type { OldTupleKind, RelationColumn, RelationMessage, ReplicaIdentity } from './messages.js';
import { readTuple } from './tuple-reader.js';

const IDENTITY: Readonly<Record<string, ReplicaIdentity>> = { d: 'default', n: 'nothing', f: 'full', i: 'index' };

/** Inside a streamed transaction, change messages start with the xid. */
function streamXid(r: BufferReader, ctx: DecodeContext): { xid?: number } {
  return ctx.inStream ? { xid: r.uint32('xid') } : {};
}

function relationFor(r: BufferReader, ctx: DecodeContext): RelationMessage {
  const at = r.offset;
  const oid = r.uint32('relation oid');
  return ctx.relations.get(oid) ?? r.fail(`unknown relation oid ${oid} (no Relation message seen)`, at);
}

function expectByte(r: BufferReader, expected: number, what: string): void {
  const at = r.offset;
  const b = r.uint8(what);
  if (b !== expected) r.fail(`expected ${what} '${String.fromCharCode(expected)}', got 0x${b.toString(16)}`, at);
}

function oldKind(byte: number): OldTupleKind | null {
  return byte === 0x4b ? 'key' : byte === 0x4f ? 'old' : null;
}

/** Handlers for schema and row-change messages. */
export const changeHandlers: Readonly<Record<string, MessageHandler>> = {
  R: (r, ctx) => {
    const xid = streamXid(r, ctx);
    const relationId = r.uint32('relation oid');
    const schema = r.cstring('namespace');
    const name = r.cstring('relation name');
    const identityAt = r.offset;
    const identityChar = String.fromCharCode(r.uint8('replica identity'));
    const replicaIdentity = IDENTITY[identityChar] ?? r.fail(`unknown replica identity '${identityChar}'`, identityAt);
    const count = r.int16('column count');
    if (count < 0) r.fail(`negative column count ${count}`, r.offset - 2);
    const columns: RelationColumn[] = [];
    for (let i = 0; i < count; i++) {
      const flags = r.uint8('column flags');
      columns.push({ isKey: (flags & 1) === 1, name: r.cstring('column name'), typeOid: r.uint32('type oid'), typeMod: r.int32('type modifier') });
    }
    const relation: RelationMessage = {
      type: 'relation',
      ...xid,
      relationId,
      schema,
      name,
      replicaIdentity,
      columns,
      keyColumns: columns.filter((c) => c.isKey).map((c) => c.name),
    };
    ctx.relations.set(relationId, relation);
    return relation;
  },

  Y: (r, ctx) => {
    const msg = { type: 'type', ...streamXid(r, ctx), typeOid: r.uint32('type oid'), schema: r.cstring('namespace'), name: r.cstring('type name') } as const;
    ctx.types.set(msg.typeOid, msg);
    return msg;
  },

  // Insert/update/delete are the hot path: no object spread for the optional xid.
  I: (r, ctx) => {
    const xid = ctx.inStream ? r.uint32('xid') : undefined;
    const relation = relationFor(r, ctx);
    expectByte(r, 0x4e, 'N');
    const tuple = readTuple(r, relation, ctx);
    return xid === undefined ? { type: 'insert', relation, new: tuple } : { type: 'insert', xid, relation, new: tuple };
  },
  U: (r, ctx) => {
    const xid = ctx.inStream ? r.uint32('xid') : undefined;
    const relation = relationFor(r, ctx);
    const at = r.offset;
    const marker = r.uint8('tuple marker');
    const kind = oldKind(marker);
    let old = null;
    if (kind) {
      old = readTuple(r, relation, ctx);
      expectByte(r, 0x4e, 'N');
    } else if (marker !== 0x4e) {
      r.fail(`expected 'K', 'O' or 'N', got 0x${marker.toString(16)}`, at);
    }
    const tuple = readTuple(r, relation, ctx);
    return xid === undefined
      ? { type: 'update', relation, old, oldKind: kind, new: tuple }
      : { type: 'update', xid, relation, old, oldKind: kind, new: tuple };
  },
  D: (r, ctx) => {
    const xid = ctx.inStream ? r.uint32('xid') : undefined;
    const relation = relationFor(r, ctx);
    const at = r.offset;
    const kind = oldKind(r.uint8('tuple marker')) ?? r.fail("expected 'K' or 'O'", at);
    const tuple = readTuple(r, relation, ctx);
    return xid === undefined ? { type: 'delete', relation, old: tuple, oldKind: kind } : { type: 'delete', xid, relation, old: tuple, oldKind: kind };
  },
  T: (r, ctx) => {
    const xid = streamXid(r, ctx);
    const count = r.int32('relation count');
    if (count < 0) r.fail(`negative relation count ${count}`, r.offset - 4);
    const options = r.uint8('options');
    const relations: RelationMessage[] = [];
    for (let i = 0; i < count; i++) relations.push(relationFor(r, ctx));
    return { type: 'truncate', ...xid, cascade: (options & 1) !== 0, restartIdentity: (options & 2) !== 0, relations };
  },

  M: (r, ctx) => {
    const xid = streamXid(r, ctx);
    const transactional = (r.uint8('flags') & 1) === 1;
    const messageLsn = r.lsn('message lsn');
    const prefix = r.cstring('prefix');
    const len = r.int32('content length');
    if (len < 0) r.fail(`negative content length ${len}`, r.offset - 4);
    return { type: 'message', ...xid, transactional, messageLsn, prefix, content: Buffer.from(r.bytes(len, 'content')) };
  },
};
