// sink: a topic of N JSON records (schemas on, key {id}) → PostgreSQL upsert, ours vs Debezium's
// JDBC sink; POST /connectors → N rows in the target table. Limit: psql COPY of the same rows.
import { Worker } from '../lib/workers.mjs';
import { createTopic, deleteTopics, produceAll } from '../lib/kafka.mjs';
import { copyInRate, withPg } from '../lib/pg.mjs';
import { IdCheck } from '../lib/verify.mjs';

export const DEFAULT_SIZES = [50_000, 100_000, 200_000];
export const BATCH_SIZE = '5000';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const DDL = (t) => `CREATE TABLE ${t} (id bigint PRIMARY KEY, n bigint NOT NULL, label text NOT NULL, price double precision NOT NULL)`;

const KEY_SCHEMA = JSON.stringify({ type: 'struct', optional: false, name: 'bench.Key', fields: [{ field: 'id', type: 'int64', optional: false }] });
const VALUE_SCHEMA = JSON.stringify({
  type: 'struct', optional: false, name: 'bench.Value',
  fields: [
    { field: 'id', type: 'int64', optional: false }, { field: 'n', type: 'int64', optional: false },
    { field: 'label', type: 'string', optional: false }, { field: 'price', type: 'double', optional: false },
  ],
});
const row = (i) => ({ id: i, n: i * 1000, label: `item-${i}`, price: (i % 100000) / 100 });

function connectorConfig(side, env, topic, table) {
  const u = new URL(env.PG_URL);
  const common = {
    'tasks.max': '1', topics: topic,
    'connection.url': `jdbc:postgresql://${u.hostname}:${u.port}${u.pathname}`,
    'connection.password': decodeURIComponent(u.password),
    'insert.mode': 'upsert', 'batch.size': BATCH_SIZE,
  };
  if (side === 'ours') {
    return { ...common, 'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector', 'connection.user': decodeURIComponent(u.username),
      'pk.mode': 'record_key', 'pk.fields': 'id', 'table.name.format': table, 'auto.create': 'false' };
  }
  return { ...common, 'connector.class': 'io.debezium.connector.jdbc.JdbcSinkConnector', 'connection.username': decodeURIComponent(u.username),
    'primary.key.mode': 'record_key', 'primary.key.fields': 'id', 'collection.name.format': table, 'schema.evolution': 'none' };
}

async function runSide(ctx, side, size, topic) {
  const { env, tag } = ctx;
  const table = `sbs_sink_${side === 'ours' ? 'o' : 'd'}_${tag}`;
  const name = `${table}-sink`;
  await withPg(env.PG_URL, (c) => c.query(DDL(table)));
  let worker;
  try {
    worker = await Worker.start(side, env, { tag: `sink-${size}-${tag}`, profileDir: side === 'ours' ? ctx.profileDir : undefined });
    worker.sampler.mark();
    const t0 = Date.now();
    await worker.addConnector(name, connectorConfig(side, env, topic, table));
    let tEnd;
    let lastCheck = Date.now();
    await withPg(env.PG_URL, async (c) => {
      const deadline = Date.now() + 600_000;
      for (;;) {
        const n = Number((await c.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
        if (n >= size) {
          tEnd = Date.now();
          break;
        }
        if (Date.now() > deadline) throw new Error(`INCOMPLETE: ${side} sink ${size}: ${n} of ${size} rows after 600 s`);
        if (Date.now() - lastCheck > 1000) {
          lastCheck = Date.now();
          await worker.assertHealthy(name);
        }
        await sleep(100);
      }
    });
    const usage = worker.sampler.read();
    const check = new IdCheck(size);
    await withPg(env.PG_URL, async (c) => {
      const rows = (await c.query({ text: `SELECT id::int AS id, n::float8 AS n, label, price FROM ${table}`, rowMode: 'array' })).rows;
      for (const [id, n, label, price] of rows) {
        check.add(id);
        const want = row(id);
        if (n !== want.n || label !== want.label || Math.abs(price - want.price) > 1e-9) check.problem(`row ${id}: (${n}, ${label}, ${price}) instead of (${want.n}, ${want.label}, ${want.price})`);
      }
    });
    const verified = check.verify(`${side} sink ${size}`);
    const seconds = (tEnd - t0) / 1000;
    return { side, table, seconds, rowsPerSecond: size / seconds, cpuSeconds: usage.cpuSeconds, peakRssMb: usage.peakRssMb,
      windowPeakRssMb: usage.windowPeakRssMb, startupSeconds: worker.startupSeconds, verified, logFile: worker.logFile };
  } finally {
    await worker?.stop();
    await withPg(env.PG_URL, (c) => c.query(`DROP TABLE IF EXISTS ${table}`)).catch(() => {});
  }
}

export async function runSize(ctx, size, order) {
  const topic = `sbs_sink_in_${ctx.tag}`;
  await createTopic(ctx.kafka, topic);
  const messages = [];
  const csv = [];
  for (let i = 1; i <= size; i++) {
    const r = row(i);
    messages.push({ key: `{"schema":${KEY_SCHEMA},"payload":{"id":${i}}}`, value: `{"schema":${VALUE_SCHEMA},"payload":${JSON.stringify(r)}}` });
    csv.push(`${r.id},${r.n},${r.label},${r.price}`);
  }
  const out = { size, batchSize: Number(BATCH_SIZE) };
  try {
    await produceAll(ctx.kafka, topic, messages);
    for (const side of order) out[side] = await runSide(ctx, side, size, topic);
    const limTable = `sbs_sink_lim_${ctx.tag}`;
    await withPg(ctx.env.PG_URL, (c) => c.query(DDL(limTable)));
    try {
      out.limit = { name: 'COPY FROM', ...(await copyInRate(ctx.env.PG_URL, limTable, csv)) };
      const n = await withPg(ctx.env.PG_URL, async (c) => Number((await c.query(`SELECT count(*) AS n FROM ${limTable}`)).rows[0].n));
      if (n !== size) throw new Error(`INCOMPLETE: COPY limit: ${n} rows instead of ${size}`);
    } finally {
      await withPg(ctx.env.PG_URL, (c) => c.query(`DROP TABLE IF EXISTS ${limTable}`)).catch(() => {});
    }
  } finally {
    await deleteTopics(ctx.kafka, [topic]);
  }
  return out;
}
