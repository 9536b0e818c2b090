import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogicalReplicationClient } from './replication-client.js';
import { pgUrl, sql, uniqueName } from '../test-support/pg-env.js';
import type { ReplicationStream } from './replication-stream.js';

const ROWS = 1_000_000;
/** Peak growth over the baseline we accept while draining the transaction (RSS and heap). */
const BOUND_MB = 150;
const MB = 1024 * 1024;

interface Drained {
  rows: number;
  idSum: number;
  inOrder: boolean;
  streamSegments: number;
  rssGrowthMb: number;
  heapGrowthMb: number;
}

/** Drains one transaction keeping nothing but counters, sampling memory meanwhile. */
async function drain(stream: ReplicationStream, commitType: 'commit' | 'stream_commit'): Promise<Drained> {
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sample = (): void => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) peakRss = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
  };
  const timer = setInterval(sample, 25);
  let rows = 0;
  let idSum = 0;
  let inOrder = true;
  let streamSegments = 0;
  try {
    for await (const { message } of stream) {
      if (message.type === 'insert') {
        const id = message.new['id'] as number;
        if (id !== rows + 1) inOrder = false;
        rows++;
        idSum += id;
        if ((rows & 0x3fff) === 0) sample();
      } else if (message.type === 'stream_start') {
        streamSegments++;
      } else if (message.type === commitType) {
        break;
      }
    }
  } finally {
    clearInterval(timer);
    sample();
  }
  return { rows, idSum, inOrder, streamSegments, rssGrowthMb: (peakRss - base.rss) / MB, heapGrowthMb: (peakHeap - base.heapUsed) / MB };
}

describe(`a ${ROWS.toLocaleString('en')}-row transaction streams in bounded memory (real PostgreSQL)`, () => {
  const client = new LogicalReplicationClient(pgUrl());
  // A small decoding budget on the walsender so the streaming slot really streams in segments.
  const streaming = new LogicalReplicationClient({ connectionString: pgUrl(), options: '-c logical_decoding_work_mem=1MB' });
  const table = uniqueName('t_large');
  const pub = uniqueName('p_large');
  const plain = uniqueName('s_large');
  const streamed = uniqueName('s_large_stream');
  const expectedSum = (ROWS * (ROWS + 1)) / 2;

  beforeAll(async () => {
    await sql(`CREATE TABLE ${table} (id int, v int, t text)`);
    await client.createPublication(pub, [table]);
    // Both slots exist before the transaction, so both decode the same WAL.
    await client.createSlot(plain, { snapshot: 'nothing' });
    await client.createSlot(streamed, { snapshot: 'nothing' });
    await sql(`INSERT INTO ${table} SELECT g, g % 1000, 'row' FROM generate_series(1, ${ROWS}) g`);
  }, 120_000);
  afterAll(async () => {
    await client.dropSlot(plain, { ifExists: true });
    await client.dropSlot(streamed, { ifExists: true });
    await client.dropPublication(pub, { ifExists: true });
    await sql(`DROP TABLE IF EXISTS ${table}`);
  });

  it('without protocol streaming (decoded at commit, spilled to disk by the server)', async () => {
    const stream = await client.start({ slot: plain, publications: [pub] });
    const r = await drain(stream, 'commit');
    expect({ rows: r.rows, idSum: r.idSum, inOrder: r.inOrder, streamSegments: r.streamSegments }).toEqual({
      rows: ROWS, idSum: expectedSum, inOrder: true, streamSegments: 0,
    });
    console.log(`plain: rss +${r.rssGrowthMb.toFixed(1)} MB, heap +${r.heapGrowthMb.toFixed(1)} MB`);
    expect(r.rssGrowthMb).toBeLessThan(BOUND_MB);
    expect(r.heapGrowthMb).toBeLessThan(BOUND_MB);
  }, 90_000);

  it('with protocol streaming (stream_start … stream_commit)', async () => {
    const stream = await streaming.start({ slot: streamed, publications: [pub], streaming: true });
    const r = await drain(stream, 'stream_commit');
    expect({ rows: r.rows, idSum: r.idSum, inOrder: r.inOrder }).toEqual({ rows: ROWS, idSum: expectedSum, inOrder: true });
    expect(r.streamSegments).toBeGreaterThan(1);
    console.log(`streaming: ${r.streamSegments} segments, rss +${r.rssGrowthMb.toFixed(1)} MB, heap +${r.heapGrowthMb.toFixed(1)} MB`);
    expect(r.rssGrowthMb).toBeLessThan(BOUND_MB);
    expect(r.heapGrowthMb).toBeLessThan(BOUND_MB);
  }, 90_000);
});
