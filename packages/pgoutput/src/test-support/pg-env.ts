import pg from 'pg';
import { testEnv } from '@tsconnect/test-support';
export { uniqueName } from '@tsconnect/test-support';
import type { ReplicationEvent, ReplicationStream } from '../replication/replication-stream.js';

/**
 * The PostgreSQL under test: test-env's (PG_URL; PG17_URL in the vitest project `pg17`).
 * Integration tests fail, never skip, without it.
 */
export function pgUrl(): string {
  return testEnv('PG_URL');
}

/** Runs SQL statements on a fresh connection. */
export async function sql(...statements: string[]): Promise<pg.QueryResult[]> {
  const client = new pg.Client({ connectionString: pgUrl() });
  await client.connect();
  try {
    const out: pg.QueryResult[] = [];
    for (const s of statements) out.push(await client.query(s));
    return out;
  } finally {
    await client.end();
  }
}

/** Reads events until `until` returns true for one (inclusive) or the timeout passes. */
export async function readUntil(
  stream: ReplicationStream,
  until: (e: ReplicationEvent, all: ReplicationEvent[]) => boolean,
  timeoutMs = 20_000,
): Promise<ReplicationEvent[]> {
  const all: ReplicationEvent[] = [];
  const it = stream[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout; got ${all.map((e) => e.message.type).join(',')}`)), timeoutMs);
  });
  try {
    for (;;) {
      const r = await Promise.race([it.next(), timeout]);
      if (r.done) return all;
      all.push(r.value);
      if (until(r.value, all)) return all;
    }
  } finally {
    clearTimeout(timer);
  }
}

/** Counts events of one message type. */
export function count(events: readonly ReplicationEvent[], type: string): number {
  return events.filter((e) => e.message.type === type).length;
}
