import { ConnectTimestamp, Decimal, DecimalValue, SchemaBuilder, Schemas, type SinkRecord } from '@tsconnect/sdk';
import { uniqueName } from '@tsconnect/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JdbcSinkTask } from './jdbc-sink-task.js';
import { openTestDb, type TestDb } from './test-support/databases.js';
import { fakeContext } from './test-support/fake-context.js';
import { sinkRecord, struct } from './test-support/records.js';
import { runUpsertTask } from './test-support/sink-suite.js';

const KEY = SchemaBuilder.struct().field('id', Schemas.INT64).build();
const VALUE = SchemaBuilder.struct().name('wide')
  .field('id', Schemas.INT64)
  .field('s', Schemas.OPTIONAL_STRING)
  .field('f64', Schemas.OPTIONAL_FLOAT64).field('b', Schemas.OPTIONAL_BOOLEAN)
  .field('dec', Decimal.builder(3).optional().build())
  .field('ts', ConnectTimestamp.builder().optional().build())
  .field('status', SchemaBuilder.string().defaultValue('new').build())
  .build();

const NASTY = ['tab\there', 'new\nline', 'cr\rhere', 'back\\slash', 'nul\u0000byte', 'quote"s', "apos'", 'NULL', '\\N', 'ünï😀', '', ' '];

function rec(id: number, v: number | null, offset: number): SinkRecord {
  const key = struct(KEY, { id: BigInt(id) });
  if (v === null) return sinkRecord('t', KEY, key, null, null, offset);
  return sinkRecord('t', KEY, key, VALUE, struct(VALUE, {
    id: BigInt(id), s: v % 7 === 0 ? null : `${NASTY[v % NASTY.length]}#${v}`, f64: v % 5 === 0 ? null : v / 7 - 1e6, b: v % 2 === 0,
    dec: new DecimalValue(BigInt(v) * 1_000_000_007n - 5n, 3), ts: new Date(Date.UTC(2024, 0, 1) + v * 1001), status: v % 2 ? 'odd' : 'even',
  }), offset);
}

/** New keys, then updates of existing keys, deletes, delete-then-insert and insert-then-delete. */
function workload(): SinkRecord[][] {
  const first = Array.from({ length: 3000 }, (_v, i) => rec(i, i, i));
  let o = 3000;
  const second: SinkRecord[] = [];
  for (let i = 0; i < 4000; i++) {
    const id = (i * 7919) % 5000;
    second.push(rec(id, i % 13 === 0 ? null : i + 10_000, o++));
    if (i % 11 === 0) second.push(rec(id, null, o++), rec(id, i + 20_000, o++));
    if (i % 17 === 0) second.push(rec(id + 100_000, i, o++), rec(id + 100_000, null, o++));
  }
  return [first, second];
}

describe('MariaDB LOAD DATA fast path', () => {
  let db: TestDb;
  beforeAll(async () => { db = await openTestDb('mariadb'); });
  afterAll(async () => { await db.close(); });

  const run = (table: string, batches: SinkRecord[][], extra: Record<string, string>) => runUpsertTask(db.url, table, batches, extra);
  const dump = (table: string) => db.rows(`SELECT id, s, HEX(s), f64, b, \`dec\`, ts, status FROM \`${table}\` ORDER BY id`);

  it('upsert through LOAD DATA (direct for new keys, stage + ON DUPLICATE KEY UPDATE otherwise) leaves exactly the table multi-row INSERTs leave', async () => {
    const t = uniqueName('load');
    const batches = workload();
    // Server-wide counters (other tests may add to them, never subtract): both batches went through LOAD DATA, the second via the stage.
    const counters = async () => Object.fromEntries((await db.rows("SHOW GLOBAL STATUS WHERE Variable_name IN ('Com_load', 'Com_insert_select')")).map(([k, v]) => [k, Number(v)]));
    const before = await counters();
    await run(`${t}_load`, batches, { 'copy.threshold.rows': '1' });
    const after = await counters();
    expect(after['Com_load']! - before['Com_load']!).toBeGreaterThanOrEqual(2);
    expect(after['Com_insert_select']! - before['Com_insert_select']!).toBeGreaterThanOrEqual(1);
    await run(`${t}_ins`, batches, { 'copy.threshold.rows': '0' });
    const viaLoad = await dump(`${t}_load`);
    expect(viaLoad.length).toBeGreaterThan(4000);
    expect(viaLoad).toEqual(await dump(`${t}_ins`));
    expect(await db.rows(`SELECT count(*) FROM \`${t}_load\` WHERE id >= 100000`)).toEqual([['0']]);
    // Backslash, NUL, tab, LF and CR arrive as themselves (the dumps compare HEX(s) too).
    expect(await db.rows(`SELECT count(*) > 0 FROM \`${t}_load\` WHERE HEX(s) LIKE '6261636B5C736C61736823%'`)).toEqual([[1]]);
    expect(await db.rows(`SELECT count(*) > 0 FROM \`${t}_load\` WHERE HEX(s) LIKE '6E756C006279746523%'`)).toEqual([[1]]);
    expect(await db.rows(`SELECT count(*) > 0 FROM \`${t}_load\` WHERE HEX(s) LIKE '63720D6865726523%'`)).toEqual([[1]]);
  });

  it('insert mode: a key that exists fails the batch naming the row, as INSERT does (LOAD DATA LOCAL would skip it silently)', async () => {
    const t = uniqueName('loadins');
    const rows = Array.from({ length: 2000 }, (_v, i) => rec(i, i, i));
    await run(t, [rows], { 'insert.mode': 'insert', 'copy.threshold.rows': '1' });
    await expect(run(t, [rows.slice(0, 1500)], { 'insert.mode': 'insert', 'copy.threshold.rows': '1', 'max.retries': '0' }))
      .rejects.toThrow(new RegExp(`^Table "${t}" rejected record t-0@0 \\(id="0", .*Duplicate entry '0' for key 'PRIMARY'`));
    expect(await db.rows(`SELECT count(*) FROM \`${t}\``)).toEqual([['2000']]);
  });

  it('a value the column cannot hold (a warning under LOAD DATA LOCAL) is found row by row and reported naming table, column and value', async () => {
    const t = uniqueName('loadbad');
    await db.exec(`CREATE TABLE \`${t}\` (id INT PRIMARY KEY, qty INT NOT NULL)`);
    const V = SchemaBuilder.struct().field('id', Schemas.INT32).field('qty', Schemas.STRING).build();
    const K = SchemaBuilder.struct().field('id', Schemas.INT32).build();
    const records = Array.from({ length: 1500 }, (_v, i) =>
      sinkRecord(t, K, struct(K, { id: i }), V, struct(V, { id: i, qty: i === 700 ? 'abc' : String(i * 2) }), i));
    const ctx = fakeContext();
    const task = new JdbcSinkTask();
    task.start({ 'connection.url': db.url, 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'errors.tolerance': 'all', 'copy.threshold.rows': '1000' }, ctx);
    try {
      await task.put(records);
    } finally {
      await task.stop();
    }
    expect(ctx.reported.map((r) => [r.record.kafkaOffset, r.error.message])).toEqual([[700,
      `Table "${t}", column "qty" rejected the value "abc" of record ${t}-0@700: Incorrect integer value: 'abc' for column \`tsconnect\`.\`${t}\`.\`qty\` at row 1 (ER_TRUNCATED_WRONG_VALUE_FOR_FIELD)`]]);
    expect(await db.rows(`SELECT count(*), CAST(sum(qty) AS CHAR) FROM \`${t}\``)).toEqual([['1499', String(1499 * 1500 - 1400)]]);
  });
});
