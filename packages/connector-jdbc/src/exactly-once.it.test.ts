import { SchemaBuilder, Schemas, Struct, type SinkRecord } from '@tsconnect/sdk';
import { uniqueName } from '@tsconnect/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JdbcSinkTask } from './jdbc-sink-task.js';
import { openTestDb, type TestDb } from './test-support/databases.js';
import { fakeContext } from './test-support/fake-context.js';

const VALUE = SchemaBuilder.struct().name('event').field('p', Schemas.INT32).field('o', Schemas.INT64).field('note', Schemas.OPTIONAL_STRING).build();

/** Records of `topic`/`partition` at offsets [from, to); each row says where it came from. */
function records(topic: string, partition: number, from: number, to: number): SinkRecord[] {
  return Array.from({ length: to - from }, (_v, i) => {
    const offset = from + i;
    return {
      topic, kafkaPartition: partition, kafkaOffset: offset, key: null, keySchema: null,
      valueSchema: VALUE, value: new Struct(VALUE).put('p', partition).put('o', BigInt(offset)).put('note', `n${offset}`),
      timestamp: 0, timestampType: 'CreateTime', headers: [],
      originalTopic: topic, originalKafkaPartition: partition, originalKafkaOffset: offset,
    } satisfies SinkRecord;
  });
}

/** Cells as text: the drivers differ in which numbers they return as strings. */
const texts = (rows: unknown[][]) => rows.map((r) => r.map(String));

describe.each(['postgresql', 'mariadb'] as const)('exactly.once.enabled on %s', (dbName) => {
  let db: TestDb;
  beforeAll(async () => { db = await openTestDb(dbName); });
  afterAll(async () => { await db.close(); });

  // insert.mode=insert without a key: applying a record twice leaves a second row, so counts show it.
  const props = (topic: string, extra: Record<string, string> = {}) => ({
    name: `conn-${topic}`, 'connection.url': db.url, 'insert.mode': 'insert', 'pk.mode': 'none', 'auto.create': 'true',
    'exactly.once.enabled': 'true', 'exactly.once.offsets.table': `${topic}_offsets`, 'retry.backoff.ms': '10', ...extra,
  });
  const duplicates = (topic: string) => db.rows(`SELECT p, o FROM ${db.quote(topic)} GROUP BY p, o HAVING count(*) > 1`);
  const count = async (topic: string) => Number((await db.rows(`SELECT count(*) FROM ${db.quote(topic)}`))[0]![0]);
  const stored = (topic: string) => db.rows(
    `SELECT ${db.quote('connector')}, ${db.quote('topic')}, ${db.quote('partition')}, ${db.quote('next_offset')} FROM ${db.quote(`${topic}_offsets`)} ORDER BY 3`);

  it('crash between the database commit and the Kafka commit: the restarted task resumes from the table, nothing applied twice', async () => {
    const topic = uniqueName('eos');
    const tps = [{ topic, partition: 0 }, { topic, partition: 1 }];
    const a = new JdbcSinkTask();
    const ctxA = fakeContext();
    a.start(props(topic), ctxA);
    await a.open(tps);
    expect(ctxA.seeks).toEqual([]); // nothing stored yet: Kafka's committed position stands
    await a.put([...records(topic, 0, 0, 100), ...records(topic, 1, 0, 50)]);
    // The worker dies here: put committed rows + offsets in the database, but preCommit and the
    // Kafka offset commit never happen. Kafka will redeliver from offset 0.
    await a.stop();

    const b = new JdbcSinkTask();
    const ctxB = fakeContext();
    b.start(props(topic), ctxB);
    await b.open(tps);
    expect(ctxB.seeks).toEqual([{ topic, partition: 0, offset: 100 }, { topic, partition: 1, offset: 50 }]);
    // Even if Kafka redelivers the old records (a fetch raced the seek), they are skipped.
    await b.put([...records(topic, 0, 0, 150), ...records(topic, 1, 0, 80)]);
    await b.flush([]); // put returns while the batch is written; preCommit returns only what committed
    expect(await b.preCommit([{ topic, partition: 0, offset: 150 }, { topic, partition: 1, offset: 80 }]))
      .toEqual([{ topic, partition: 0, offset: 150 }, { topic, partition: 1, offset: 80 }]);
    await b.stop();

    expect(await count(topic)).toBe(230);
    expect(await duplicates(topic)).toEqual([]);
    expect(texts(await db.rows(`SELECT p, count(*), min(o), max(o) FROM ${db.quote(topic)} GROUP BY p ORDER BY p`)))
      .toEqual([['0', '150', '0', '149'], ['1', '80', '0', '79']]);
    expect(texts(await stored(topic))).toEqual([[`conn-${topic}`, topic, '0', '150'], [`conn-${topic}`, topic, '1', '80']]);
  });

  it('without exactly.once the same redelivery applies the first batch twice (what the option prevents)', async () => {
    const topic = uniqueName('noeos');
    const p = { ...props(topic), 'exactly.once.enabled': 'false' };
    const a = new JdbcSinkTask();
    a.start(p, fakeContext());
    await a.put(records(topic, 0, 0, 100));
    await a.stop();
    const b = new JdbcSinkTask();
    b.start(p, fakeContext());
    await b.put(records(topic, 0, 0, 150));
    await b.stop();
    expect(await count(topic)).toBe(250);
    expect((await duplicates(topic)).length).toBe(100);
  });

  it('preCommit stores offsets past the last written record (records a transform dropped) and returns the stored ones', async () => {
    const topic = uniqueName('eosadv');
    const task = new JdbcSinkTask();
    task.start(props(topic), fakeContext());
    await task.open([{ topic, partition: 0 }]);
    await task.put(records(topic, 0, 0, 10));
    await task.flush([]);
    expect(await task.preCommit([{ topic, partition: 0, offset: 25 }])).toEqual([{ topic, partition: 0, offset: 25 }]);
    // A stale, lower position from the runtime never moves the stored offset back.
    expect(await task.preCommit([{ topic, partition: 0, offset: 5 }])).toEqual([{ topic, partition: 0, offset: 25 }]);
    await task.stop();
    expect(texts(await stored(topic))).toEqual([[`conn-${topic}`, topic, '0', '25']]);
    expect(await count(topic)).toBe(10);
  });

  it('needs the connector name', () => {
    const { name: _n, ...noName } = props('x');
    expect(() => new JdbcSinkTask().start(noName, fakeContext())).toThrow('exactly.once.enabled needs the connector name (it keys the offsets table)');
  });
});
