import { ConnectTimestamp, DebeziumTypes, Decimal, DecimalValue, SchemaBuilder, Schemas, type SinkRecord } from '@tsconnect/sdk';
import { uniqueName } from '@tsconnect/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from './test-support/databases.js';
import { sinkRecord, struct } from './test-support/records.js';
import { runUpsertTask } from './test-support/sink-suite.js';

const KEY = SchemaBuilder.struct().field('id', Schemas.INT64).build();
const VALUE = SchemaBuilder.struct().name('wide')
  .field('id', Schemas.INT64)
  .field('s', Schemas.OPTIONAL_STRING)
  .field('f32', Schemas.OPTIONAL_FLOAT32).field('f64', Schemas.OPTIONAL_FLOAT64).field('b', Schemas.OPTIONAL_BOOLEAN)
  .field('raw', Schemas.OPTIONAL_BYTES)
  .field('dec', Decimal.builder(3).optional().build())
  .field('ts', ConnectTimestamp.builder().optional().build())
  .field('mts', DebeziumTypes.MicroTimestamp.builder().optional().build())
  .field('j', DebeziumTypes.Json.builder().optional().build())
  .field('tags', SchemaBuilder.array(Schemas.OPTIONAL_STRING).optional().build())
  .field('nums', SchemaBuilder.array(Schemas.INT64).optional().build())
  .field('status', SchemaBuilder.string().defaultValue('new').build())
  .build();

const NASTY = ['tab\there', 'new\nline', 'back\\slash', 'quote"s', "apos'", '{brace,comma}', 'NULL', '\\N', 'ünï😀', '', ' '];

function rec(topic: string, id: number, v: number | null, offset: number): SinkRecord {
  const key = struct(KEY, { id: BigInt(id) });
  if (v === null) return sinkRecord(topic, KEY, key, null, null, offset);
  return sinkRecord(topic, KEY, key, VALUE, struct(VALUE, {
    id: BigInt(id),
    s: v % 7 === 0 ? null : `${NASTY[v % NASTY.length]}#${v}`,
    f32: Math.fround(v / 3), f64: v % 5 === 0 ? null : v / 7 - 1e6, b: v % 2 === 0,
    raw: v % 3 === 0 ? null : new Uint8Array([v & 255, 0, 92, 10]),
    dec: new DecimalValue(BigInt(v) * 1_000_000_007n - 5n, 3),
    ts: new Date(Date.UTC(2024, 0, 1) + v * 1000), mts: 1_704_067_200_000_000n + BigInt(v),
    j: JSON.stringify({ v, s: NASTY[v % NASTY.length] }),
    tags: v % 4 === 0 ? null : [NASTY[v % NASTY.length]!, null, `t${v}`],
    nums: [BigInt(v), -9_223_372_036_854_775_807n], status: v % 2 ? 'odd' : 'even',
  }), offset);
}

/** Inserts, updates of existing keys, deletes, delete-then-insert and insert-then-delete in one batch. */
function workload(topic: string): SinkRecord[][] {
  const first = Array.from({ length: 3000 }, (_v, i) => rec(topic, i, i, i));
  let o = 3000;
  const second: SinkRecord[] = [];
  for (let i = 0; i < 4000; i++) {
    const id = (i * 7919) % 5000;
    second.push(rec(topic, id, i % 13 === 0 ? null : i + 10_000, o++));
    if (i % 11 === 0) second.push(rec(topic, id, null, o++), rec(topic, id, i + 20_000, o++)); // delete then re-insert
    if (i % 17 === 0) second.push(rec(topic, id + 100_000, i, o++), rec(topic, id + 100_000, null, o++)); // insert then delete
  }
  return [first, second];
}

describe('PostgreSQL COPY fast path', () => {
  let db: TestDb;
  beforeAll(async () => { db = await openTestDb('postgresql'); });
  afterAll(async () => { await db.close(); });

  const run = (table: string, batches: SinkRecord[][], extra: Record<string, string>) => runUpsertTask(db.url, table, batches, extra);
  const dump = (table: string) => db.rows(`SELECT t::text FROM "${table}" t ORDER BY id`);

  it('upsert through COPY + INSERT … SELECT … ON CONFLICT leaves exactly the table multi-row INSERTs leave', async () => {
    const topic = uniqueName('copy');
    const batches = workload(topic);
    await run(`${topic}_copy`, batches, { 'copy.threshold.rows': '1' });
    await run(`${topic}_ins`, batches, { 'copy.threshold.rows': '0' });
    const viaCopy = await dump(`${topic}_copy`);
    expect(viaCopy.length).toBeGreaterThan(4000);
    expect(viaCopy).toEqual(await dump(`${topic}_ins`));
    expect(await db.rows(`SELECT count(*)::int FROM "${topic}_copy" WHERE id >= 100000`)).toEqual([[0]]);
    expect(await db.rows(`SELECT s, tags::text, nums::text, encode(raw, 'hex'), status FROM "${topic}_copy" WHERE id = 1`))
      .toEqual(await db.rows(`SELECT s, tags::text, nums::text, encode(raw, 'hex'), status FROM "${topic}_ins" WHERE id = 1`));
  });

  it('insert mode copies straight into the table; a duplicate key fails as INSERT does', async () => {
    const topic = uniqueName('copyins');
    const rows = Array.from({ length: 2000 }, (_v, i) => rec(topic, i, i, i));
    await run(`${topic}_copy`, [rows], { 'insert.mode': 'insert', 'copy.threshold.rows': '1' });
    await run(`${topic}_ins`, [rows], { 'insert.mode': 'insert', 'copy.threshold.rows': '0' });
    expect(await dump(`${topic}_copy`)).toEqual(await dump(`${topic}_ins`));
    await expect(run(`${topic}_copy`, [rows.slice(0, 1500)], { 'insert.mode': 'insert', 'copy.threshold.rows': '1', 'max.retries': '0' }))
      .rejects.toThrow(/^Table "[^"]+_copy" rejected record [^ ]+ \(id="0", .*duplicate key value violates unique constraint/);
  });

  it('arrays become PostgreSQL array columns and schema defaults become column DEFAULTs', async () => {
    const topic = uniqueName('arrays');
    await run(topic, [[rec(topic, 1, 1, 0)]], {});
    expect(await db.rows(`SELECT column_name, data_type, udt_name, column_default FROM information_schema.columns
        WHERE table_name = '${topic}' AND column_name IN ('tags', 'nums', 'status') ORDER BY ordinal_position`)).toEqual([
      ['tags', 'ARRAY', '_text', null], ['nums', 'ARRAY', '_int8', null], ['status', 'text', 'text', "'new'::text"],
    ]);
    expect(await db.rows(`SELECT tags, nums::text[] FROM "${topic}"`)).toEqual([[['new\nline', null, 't1'], ['1', '-9223372036854775807']]]);
    await db.exec(`INSERT INTO "${topic}" (id) VALUES (99)`);
    expect(await db.rows(`SELECT status FROM "${topic}" WHERE id = 99`)).toEqual([['new']]);
  });
});
