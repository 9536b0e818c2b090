import { Schemas, type SinkRecord } from '@tsconnect/sdk';
import { testEnv, uniqueName } from '@tsconnect/test-support';
import { afterAll, beforeAll, expect } from 'vitest';
import { JdbcSinkTask } from '../jdbc-sink-task.js';
import { openTestDb, type TestDb } from './databases.js';
import { ROW_SCHEMA, sinkRecord, struct } from './records.js';

/** What the PostgreSQL and MariaDB sink suites share: a database handle and a task runner. */
export interface SinkSuite {
  /**
   * connection.url as users write it: PostgreSQL with credentials as query parameters (the
   * Confluent form), MariaDB without them (they go in connection.user/connection.password, as
   * most Confluent MySQL configs do).
   */
  readonly jdbcUrl: string;
  /** Starts a task, puts each batch and flushes after each (put only hands a batch over), then stops. */
  sink(props: Record<string, string>, ...batches: SinkRecord[][]): Promise<void>;
  rows(sql: string): Promise<unknown[][]>;
  exec(sql: string): Promise<void>;
  upsertProps(topic: string): Record<string, string>;
  /**
   * One case of the insert.mode × pk.mode matrix, on a new auto-created table (returned): records
   * with a string key `k<id>` and a ROW_SCHEMA value. update seeds rows with upsert first, then
   * updates id 1 and a missing id 3; insert with a key fails on the existing key with `duplicate`;
   * the others write ids 1 and 2, then 1 again.
   */
  modeCase(insertMode: string, pkMode: string, extra: Record<string, string>, duplicate: RegExp): Promise<string>;
}

/** Registers beforeAll/afterAll for a connection to `name` and returns the helpers. */
export function sinkSuite(name: 'postgresql' | 'mariadb'): SinkSuite {
  let db: TestDb | undefined;
  beforeAll(async () => { db = await openTestDb(name); });
  afterAll(async () => { await db?.close(); });
  const u = new URL(testEnv(name === 'postgresql' ? 'PG_URL' : 'MARIADB_URL'));
  const jdbcUrl = name === 'postgresql'
    ? `jdbc:postgresql://${u.host}${u.pathname}?user=${u.username}&password=${u.password}`
    : `jdbc:mariadb://${u.host}${u.pathname}`;
  const credentials: Record<string, string> = name === 'mariadb' ? { 'connection.user': u.username, 'connection.password': u.password } : {};
  const open = (): TestDb => {
    if (!db) throw new Error('sinkSuite: the database is opened in beforeAll');
    return db;
  };
  const valueOnly = (topic: string, id: number, name: string, offset: number) =>
    sinkRecord(topic, Schemas.STRING, `k${id}`, ROW_SCHEMA, struct(ROW_SCHEMA, { id, name, qty: id }), offset);
  const suite: SinkSuite = {
    jdbcUrl,
    async sink(props, ...batches) {
      const task = new JdbcSinkTask();
      task.start({ 'connection.url': jdbcUrl, ...credentials, 'retry.backoff.ms': '10', 'max.retries': '1', ...props });
      try {
        for (const batch of batches) {
          await task.put(batch);
          await task.flush([]); // waits for the commit, and throws the batch's error
        }
      } finally {
        await task.stop();
      }
    },
    rows: (sql) => open().rows(sql),
    exec: (sql) => open().exec(sql),
    upsertProps: (topic) => ({ topics: topic, 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'auto.create': 'true', 'delete.enabled': 'true' }),
    async modeCase(insertMode, pkMode, extra, duplicate) {
      const topic = uniqueName(`m_${insertMode}_${pkMode}`);
      const props = { topics: topic, 'insert.mode': insertMode, 'pk.mode': pkMode, 'auto.create': 'true', ...extra };
      if (insertMode === 'update') {
        // UPDATE only changes existing rows: seed them with upsert (same key columns) first.
        await suite.sink({ ...props, 'insert.mode': 'upsert' }, [valueOnly(topic, 1, 'a', 0), valueOnly(topic, 2, 'b', 1), valueOnly(topic, 1, 'a2', 2)]);
        await suite.sink(props, [valueOnly(topic, 1, pkMode === 'kafka' ? 'a!' : 'a2', 0), valueOnly(topic, 3, 'missing', 7)]);
      } else if (insertMode === 'insert' && (pkMode === 'record_key' || pkMode === 'record_value')) {
        await suite.sink(props, [valueOnly(topic, 1, 'a', 0), valueOnly(topic, 2, 'b', 1)]);
        // A second insert of an existing key is a duplicate, as with Confluent's insert mode.
        await expect(suite.sink(props, [valueOnly(topic, 1, 'a2', 2)])).rejects.toThrow(duplicate);
      } else {
        await suite.sink(props, [valueOnly(topic, 1, 'a', 0), valueOnly(topic, 2, 'b', 1)], [valueOnly(topic, 1, 'a2', 2)]);
      }
      return topic;
    },
  };
  return suite;
}

/**
 * An upsert task (record_key, delete.enabled, auto.create) writing every batch of `batches` to
 * `table` on the database at `url`, then stopped (stop waits for the last write). Used by the
 * bulk-path tests, which compare a table the bulk path wrote with one that statements wrote.
 */
export async function runUpsertTask(url: string, table: string, batches: readonly SinkRecord[][], extra: Record<string, string>): Promise<void> {
  const task = new JdbcSinkTask();
  task.start({ 'connection.url': url, 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'delete.enabled': 'true', 'auto.create': 'true',
    'table.name.format': table, 'batch.size': '100000', ...extra });
  try {
    for (const b of batches) await task.put(b);
  } finally {
    await task.stop();
  }
}
