import { SchemaBuilder, Schemas } from '@tsconnect/sdk';
import { describe, expect, it } from 'vitest';
import { chunks, segment } from './segment.js';
import { RecordReader } from './record-reader.js';
import type { SinkOp } from './sink-op.js';
import { debeziumRecord, flatRecord } from './test-support/records.js';

const reader = new RecordReader({ pkMode: 'record_key', pkFields: [], fieldsWhitelist: [], deleteEnabled: true, truncateEnabled: true, tableNameFormat: '${topic}' });
const read = (recs: Parameters<RecordReader['read']>[0][]) => recs.map((r) => reader.read(r)).filter((o): o is SinkOp => o !== null);
const summary = (segs: ReturnType<typeof segment>) =>
  segs.map((s) => `${s.table.table}${s.truncateFirst ? '!T' : ''}:${s.ops.map((o) => `${o.type[0]}${String(o.type === 'write' ? o.values[0] : o.keyValues[0])}`).join(',')}`);

describe('segment', () => {
  it('groups per table in Kafka order and splits at batch.size', () => {
    const recs = [flatRecord('a', 1, { id: 1 }), flatRecord('b', 1, { id: 1 }), flatRecord('a', 2, null), flatRecord('a', 3, { id: 3 })];
    expect(summary(segment(read(recs), 2))).toEqual(['a:w1,d2', 'a:w3', 'b:w1']);
  });

  it('starts a new segment when the row shape changes', () => {
    const v2 = SchemaBuilder.struct().field('id', Schemas.INT32).field('extra', Schemas.OPTIONAL_STRING).build();
    const recs = [flatRecord('a', 1, { id: 1 }), flatRecord('a', 2, null), flatRecord('a', 3, { id: 3 }, v2), flatRecord('a', 4, { id: 4 })];
    expect(summary(segment(read(recs), 100))).toEqual(['a:w1,d2', 'a:w3', 'a:w4']);
  });

  it('a truncate drops what came before it for that table only', () => {
    const recs = [flatRecord('a', 1, { id: 1 }), flatRecord('b', 1, { id: 1 }), debeziumRecord('a', 't', null, null), flatRecord('a', 2, { id: 2 })];
    expect(summary(segment(read(recs), 1))).toEqual(['a!T:w2', 'b:w1']);
  });

  it('chunks', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
