import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testEnv, uniqueName, waitFor } from '@tsconnect/test-support';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TOTAL = 200_000;
const PARTITIONS = 4;
const CHILD = fileURLToPath(new URL('./test-support/worker-child.mjs', import.meta.url));

const KEY_SCHEMA = { type: 'struct', optional: false, fields: [{ field: 'id', type: 'int64', optional: false }] };
const VALUE_SCHEMA = {
  type: 'struct', optional: false, name: 'load.Value', fields: [
    { field: 'id', type: 'int64', optional: false }, { field: 'p', type: 'int32', optional: false },
    { field: 'name', type: 'string', optional: false }, { field: 'amount', type: 'int64', optional: false },
  ],
};
const row = (id: number) => ({ id, p: id % PARTITIONS, name: `name-${id}-${'x'.repeat(id % 17)}`, amount: (id * 7919) % 1_000_003 });

/** What the table must hold: count, sum(id) and md5 of all rows in id order (computed the same way in SQL). */
function expectedChecksum(): [number, string, string] {
  const md5 = createHash('md5');
  let sum = 0n;
  for (let id = 0; id < TOTAL; id++) {
    const r = row(id);
    md5.update(`${id === 0 ? '' : ','}${r.id}|${r.p}|${r.name}|${r.amount}`);
    sum += BigInt(id);
  }
  return [TOTAL, sum.toString(), md5.digest('hex')];
}

describe('exactly once through a real worker process killed with SIGKILL mid-load', () => {
  const topic = uniqueName('eos_load');
  const table = uniqueName('eos_table');
  const offsetsTable = `${table}_offsets`;
  const connector = uniqueName('eos-sink');
  const dir = mkdtempSync(join(tmpdir(), 'jdbc-eos-'));
  const kafka = new Kafka({ brokers: [testEnv('KAFKA_BOOTSTRAP')], logLevel: logLevel.NOTHING, clientId: 'jdbc-eos-test' });
  const admin = kafka.admin();
  let db: pg.Client;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    db = new pg.Client({ connectionString: testEnv('PG_URL') });
    await db.connect();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }], waitForLeaders: true });
    const producer = kafka.producer();
    await producer.connect();
    // 2000 messages (~0.8 MB) per request: under the broker's 1 MB message.max.bytes.
    for (let start = 0; start < TOTAL; start += 2000) {
      const messages = [];
      for (let id = start; id < start + 2000; id++) {
        messages.push({
          partition: id % PARTITIONS,
          key: JSON.stringify({ schema: KEY_SCHEMA, payload: { id } }),
          value: JSON.stringify({ schema: VALUE_SCHEMA, payload: row(id) }),
        });
      }
      await producer.send({ topic, messages });
    }
    await producer.disconnect();
    const u = new URL(testEnv('PG_URL'));
    writeFileSync(join(dir, 'worker.json'), JSON.stringify({
      'bootstrap.servers': testEnv('KAFKA_BOOTSTRAP'), 'rest.port': '0',
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'offset.storage.file.filename': join(dir, 'offsets.json'), 'offset.flush.interval.ms': '1000', 'log.level': 'warn',
    }));
    writeFileSync(join(dir, 'connector.json'), JSON.stringify({
      name: connector,
      config: {
        'connector.class': 'io.tsconnect.connector.jdbc.JdbcSinkConnector', 'tasks.max': '1', topics: topic,
        'connection.url': `jdbc:postgresql://${u.host}${u.pathname}`, 'connection.user': u.username, 'connection.password': u.password,
        'table.name.format': table, 'auto.create': 'true',
        // No key: a record applied twice would leave a second row, so the final count proves exactly-once.
        'insert.mode': 'insert', 'pk.mode': 'none',
        'exactly.once.enabled': 'true', 'exactly.once.offsets.table': offsetsTable,
      },
    }));
  }, 180_000);

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await admin.disconnect();
    await db?.end();
    rmSync(dir, { recursive: true, force: true });
  });

  function startWorker(n: number): ChildProcess {
    const log = createWriteStream(join(dir, `worker-${n}.log`));
    const child = spawn(process.execPath, [CHILD, join(dir, 'worker.json'), join(dir, 'connector.json')], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    children.push(child);
    return child;
  }

  const count = async (): Promise<number> => {
    const r = await db.query(`SELECT count(*)::int AS n FROM "${table}"`).catch(() => ({ rows: [{ n: 0 }] }));
    return r.rows[0].n as number;
  };
  const stored = async (): Promise<Map<number, number>> => {
    const r = await db.query(`SELECT "partition" AS p, next_offset::int AS o FROM "${offsetsTable}" WHERE connector = $1`, [connector]).catch(() => ({ rows: [] }));
    return new Map(r.rows.map((x: { p: number; o: number }) => [x.p, x.o]));
  };
  /** Rows per partition must equal the stored next offset: offsets and rows committed together. */
  const consistent = async () => {
    const rows = await db.query(`SELECT p, count(*)::int AS n FROM "${table}" GROUP BY p`);
    const perPartition = new Map(rows.rows.map((x: { p: number; n: number }) => [x.p, x.n]));
    const offsets = await stored();
    return [...Array(PARTITIONS).keys()].map((p) => [p, perPartition.get(p) ?? 0, offsets.get(p) ?? 0]);
  };

  it('restarts after kill -9 and ends with exactly the source rows; stored offsets = consumer group position = end offsets', async () => {
    const first = startWorker(1);
    await waitFor('the first worker wrote 30k rows', async () => ((await count()) >= 30_000 ? true : undefined), { timeoutMs: 90_000 });
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atCrash = await count();
    expect(atCrash).toBeLessThan(TOTAL); // really killed mid-load
    for (const [p, rows, offset] of await consistent()) expect([p, rows]).toEqual([p, offset]);

    startWorker(2);
    await waitFor('the second worker finished the topic', async () => ((await count()) >= TOTAL ? true : undefined), { timeoutMs: 150_000 });
    const ends = await admin.fetchTopicOffsets(topic);
    const endOffsets = new Map(ends.map((e) => [e.partition, Number(e.high)]));
    // The Kafka commit follows preCommit's stored offsets; wait for the group to catch up.
    const group = await waitFor('the consumer group committed the end offsets', async () => {
      const [res] = await admin.fetchOffsets({ groupId: `connect-${connector}`, topics: [topic] });
      const committed = new Map(res!.partitions.map((x) => [x.partition, Number(x.offset)]));
      return [...endOffsets].every(([p, o]) => committed.get(p) === o) ? committed : undefined;
    }, { timeoutMs: 60_000 });

    const [n, sum, md5] = expectedChecksum();
    const actual = await db.query({
      text: `SELECT count(*)::int, sum(id)::text, md5(string_agg(id || '|' || p || '|' || name || '|' || amount, ',' ORDER BY id)) FROM "${table}"`,
      rowMode: 'array',
    });
    expect(actual.rows).toEqual([[n, sum, md5]]);
    expect(await db.query(`SELECT id FROM "${table}" GROUP BY id HAVING count(*) > 1 LIMIT 5`).then((r) => r.rows)).toEqual([]);
    expect(new Map([...(await stored())].sort())).toEqual(new Map([...endOffsets].sort()));
    expect(new Map([...group].sort())).toEqual(new Map([...endOffsets].sort()));
    for (const [p, rows, offset] of await consistent()) expect([p, rows]).toEqual([p, offset]);
  }, 300_000);
});
