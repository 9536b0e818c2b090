import pg from 'pg';
import type { StandaloneWorker } from '@tsconnect/runtime';
import { startBuiltinWorker } from './builtin-worker.js';
import { createScratchDatabase } from './scratch-database.js';

export interface ExampleFixture {
  /** The scratch database's name and URL. */
  readonly database: { readonly name: string; readonly url: string };
  readonly db: pg.Client;
  readonly worker: StandaloneWorker;
  close(): Promise<void>;
}

/**
 * What an example's end-to-end test runs on: a scratch database with the example's tables, and
 * an in-process standalone worker with every built-in plugin and the seed's JsonConverter defaults.
 */
export async function openExample(prefix: string, setupSql: readonly string[]): Promise<ExampleFixture> {
  const database = await createScratchDatabase(prefix);
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  for (const sql of setupSql) await db.query(sql);
  const { worker } = await startBuiltinWorker();
  return {
    database, db, worker,
    close: async () => {
      await worker.stop();
      await db.end();
      await database.drop();
    },
  };
}
