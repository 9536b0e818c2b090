// One side (ours or debezium) of a source benchmark: fresh table, topic, slot and worker; the
// connector streams (or snapshots) the table; the figure is taken from Kafka's LogAppendTime.
import { Worker } from '../lib/workers.mjs';
import { createTopic, deleteTopics, readRecords, waitForEndOffset } from '../lib/kafka.mjs';
import { SOURCE_DDL, dropSlot, withPg, waitSlotActive } from '../lib/pg.mjs';
import { IdCheck, jsonPayload } from '../lib/verify.mjs';

/**
 * Both sides run with the connectors' defaults (max.batch.size 2048, max.queue.size 8192,
 * poll.interval.ms 500): what a user who sets nothing gets. BENCH_SOURCE_TUNING=throughput
 * applies Debezium's throughput advice to both instead (see README).
 */
export const SOURCE_TUNING = process.env['BENCH_SOURCE_TUNING'] === 'throughput' ? {
  'max.batch.size': '8192',
  'max.queue.size': '32768',
  'poll.interval.ms': '100',
} : {};

export function sourceConnectorConfig(env, { table, prefix, slot, publication, snapshotMode }) {
  const u = new URL(env.PG_URL);
  return {
    'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
    'tasks.max': '1',
    'database.hostname': u.hostname,
    'database.port': u.port,
    'database.user': decodeURIComponent(u.username),
    'database.password': decodeURIComponent(u.password),
    'database.dbname': u.pathname.slice(1),
    'topic.prefix': prefix,
    'table.include.list': `public.${table}`,
    'plugin.name': 'pgoutput',
    'slot.name': slot,
    'publication.name': publication,
    'publication.autocreate.mode': 'filtered',
    'slot.drop.on.stop': 'false', // dropped by the harness after the worker stopped
    'snapshot.mode': snapshotMode,
    'tombstones.on.delete': 'false',
    ...SOURCE_TUNING,
  };
}

/**
 * Runs one side. hooks:
 *   prepare(c, table)       fill the table before the worker starts (snapshot)
 *   warmup(c, table) → W    rows with ids outside 1..N, streamed and awaited before the window
 *   beforeLoad(c, table)    after the connector streams, before the load (limit slot for cdc)
 *   load(c, table) → t0     the changes; returns the start of the measured interval (ms)
 *   onPayload(p, ts)        per record, after the run (latency)
 *   afterRun(c, table)      before cleanup (the pg_recvlogical limit drains its slot here)
 * Window: cdc/latency from the first commit (t0 from load), snapshot from POST /connectors.
 */
export async function runSourceSide({ side, env, kafka, bench, size, tag, profileDir, snapshotMode, expectOp, hooks, timeoutMs = 600_000 }) {
  const base = `sbs_${bench}_${side === 'ours' ? 'o' : 'd'}_${tag}`;
  const names = { table: base, prefix: base, slot: base, publication: `${base}_pub` };
  const topic = `${names.prefix}.public.${names.table}`;
  const url = env.PG_URL;
  await withPg(url, async (c) => {
    await c.query(SOURCE_DDL(names.table));
    if (hooks.prepare) await hooks.prepare(c, names.table);
  });
  await createTopic(kafka, topic);
  const name = `${base}-source`;
  let worker;
  try {
    worker = await Worker.start(side, env, { tag: `${bench}-${size}-${tag}`, profileDir: side === 'ours' ? profileDir : undefined });
    const config = sourceConnectorConfig(env, { ...names, snapshotMode });
    let t0;
    let warm = 0; // warm-up records (latency) at the start of the topic, not measured
    await withPg(url, async (c) => {
      if (snapshotMode !== 'initial') {
        await worker.addConnector(name, config);
        await waitSlotActive(c, names.slot);
        if (hooks.warmup) {
          warm = await hooks.warmup(c, names.table);
          const got = await waitForEndOffset(kafka, topic, warm, { timeoutMs, check: () => worker.assertHealthy(name) });
          if (got < warm) throw new Error(`${side}: warm-up: ${got} of ${warm} records`);
        }
        if (hooks.beforeLoad) await hooks.beforeLoad(c, names.table);
        worker.sampler.mark();
        t0 = await hooks.load(c, names.table);
      } else {
        worker.sampler.mark();
        t0 = Date.now();
        await worker.addConnector(name, config);
      }
    });
    const end = (await waitForEndOffset(kafka, topic, warm + size, { timeoutMs, check: () => worker.assertHealthy(name) })) - warm;
    const usage = worker.sampler.read();
    if (end < size) throw new Error(`INCOMPLETE: ${side}: ${end} of ${size} records in ${topic} after ${timeoutMs / 1000} s`);
    // Let a few more arrive if any (duplicates would show up), then verify what is in the topic.
    const check = new IdCheck(size);
    let tEnd = 0;
    let nSum = 0;
    await readRecords(kafka, topic, warm + end, (key, value, ts, offset) => {
      if (offset < warm) return;
      const k = jsonPayload(key);
      const p = jsonPayload(value);
      check.add(k.id);
      if (p.after?.id !== k.id) check.problem(`record key ${k.id} but after.id ${p.after?.id}`);
      if (p.op !== expectOp) check.problem(`id ${k.id}: op ${p.op} instead of ${expectOp}`);
      nSum += p.after?.n ?? 0;
      if (ts > tEnd) tEnd = ts;
      hooks.onPayload?.(p, ts);
    });
    const verified = check.verify(`${side} ${bench} ${size}`);
    const expectedN = ((size * (size + 1)) / 2) * 1000;
    if (nSum !== expectedN) throw new Error(`INCOMPLETE: ${side} ${bench} ${size}: sum(after.n) ${nSum} instead of ${expectedN}`);
    const seconds = (tEnd - t0) / 1000;
    const extra = hooks.afterRun ? await withPg(url, (c) => hooks.afterRun(c, names.table)) : undefined;
    return {
      side, topic, slot: names.slot, seconds, rowsPerSecond: size / seconds, cpuSeconds: usage.cpuSeconds,
      peakRssMb: usage.peakRssMb, windowPeakRssMb: usage.windowPeakRssMb, startupSeconds: worker.startupSeconds, verified,
      logFile: worker.logFile, ...(extra ? { extra } : {}),
    };
  } finally {
    await worker?.stop();
    await withPg(url, async (c) => {
      await dropSlot(c, names.slot);
      await c.query(`DROP PUBLICATION IF EXISTS ${names.publication}`);
      await c.query(`DROP TABLE IF EXISTS ${names.table}`);
    }).catch(() => {});
    await deleteTopics(kafka, [topic]);
  }
}
