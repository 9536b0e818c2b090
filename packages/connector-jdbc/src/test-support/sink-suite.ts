import type { SinkRecord } from '@tsconnect/sdk';
import { testEnv } from '@tsconnect/test-support';
import { afterAll, beforeAll } from 'vitest';
import { JdbcSinkTask } from '../jdbc-sink-task.js';
import { openTestDb, type TestDb } from './databases.js';

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
  return {
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
  };
}
