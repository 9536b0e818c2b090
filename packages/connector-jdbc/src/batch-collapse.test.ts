import { describe, expect, it } from 'vitest';
import { collapseBatch } from './batch-collapse.js';
import { RecordReader } from './record-reader.js';
import type { DeleteOp, WriteOp } from './sink-op.js';
import { flatRecord } from './test-support/records.js';

const reader = new RecordReader({ pkMode: 'record_key', pkFields: [], fieldsWhitelist: [], deleteEnabled: true, truncateEnabled: false, tableNameFormat: '${topic}' });
const w = (id: number, name: string) => reader.read(flatRecord('t', id, { id, name }))! as WriteOp;
const d = (id: number) => reader.read(flatRecord('t', id, null))! as DeleteOp;

/** The outcome as "D<id>" for deletes and "W<id>=<name>" for writes, in execution order. */
function plan(ops: (WriteOp | DeleteOp)[]): string[] {
  const { deletes, writes } = collapseBatch(ops);
  return [
    ...deletes.map((x) => `D${String(x.keyValues[0])}`),
    ...writes.map((x) => `W${String(x.values[0])}=${String(x.values[1])}`),
  ];
}

describe('collapseBatch', () => {
  it('insert + update + delete of one key ends deleted', () => {
    expect(plan([w(1, 'a'), w(1, 'b'), d(1)])).toEqual(['D1']);
  });

  it('delete then insert ends inserted, recreating the row', () => {
    expect(plan([d(1), w(1, 'a')])).toEqual(['D1', 'W1=a']);
  });

  it('write, delete, write keeps the delete and the last write only', () => {
    expect(plan([w(1, 'a'), d(1), w(1, 'b'), w(1, 'c')])).toEqual(['D1', 'W1=c']);
  });

  it('successive writes keep only the last one per key, in first-seen key order', () => {
    expect(plan([w(2, 'a'), w(1, 'x'), w(2, 'b'), w(3, 'z'), d(3)])).toEqual(['D3', 'W2=b', 'W1=x']);
  });

  it('a delete of a key that was never written still runs', () => {
    expect(plan([d(5), d(5)])).toEqual(['D5']);
  });

  it('keeps every keyless write (pk.mode none), in order', () => {
    const none = new RecordReader({ pkMode: 'none', pkFields: [], fieldsWhitelist: [], deleteEnabled: false, truncateEnabled: false, tableNameFormat: 't' });
    const ops = [1, 1, 2].map((id, i) => none.read(flatRecord('t', id, { id, name: `n${i}` }))! as WriteOp);
    const { writes } = collapseBatch(ops);
    expect(writes.map((x) => x.values)).toEqual([[1, 'n0', null], [1, 'n1', null], [2, 'n2', null]]);
  });

  it('treats int64 keys given as number and bigint as the same key', async () => {
    const { keyIdentity } = await import('./key-identity.js');
    expect(keyIdentity([5])).toBe(keyIdentity([5n]));
    expect(keyIdentity([5, 'a'])).not.toBe(keyIdentity([5, 'b']));
  });
});
