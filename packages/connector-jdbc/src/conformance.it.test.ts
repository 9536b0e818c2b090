import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { testEnv } from '@tsconnect/test-support';
import { runSinkConformance, type ConformanceContext } from '@tsconnect/testkit';
import type { SinkConnectorPlugin } from '@tsconnect/sdk';
import { tsconnectPlugins } from './index.js';

const plugin = tsconnectPlugins[0] as SinkConnectorPlugin;

let db: pg.Client;
beforeAll(async () => {
  db = new pg.Client({ connectionString: testEnv('PG_URL') });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
});

/** The JDBC form of test-env's PG_URL, credentials as query parameters (as Confluent configs do). */
function jdbcUrl(): string {
  const u = new URL(testEnv('PG_URL'));
  return `jdbc:postgresql://${u.host}${u.pathname}?user=${u.username}&password=${u.password}`;
}

const KEY_SCHEMA = { type: 'struct', optional: false, fields: [{ field: 'id', type: 'int32', optional: false }] };
const VALUE_SCHEMA = {
  type: 'struct', optional: false, name: 'row',
  fields: [{ field: 'id', type: 'int32', optional: false }, { field: 'name', type: 'string', optional: true }],
};
const row = (round: number, i: number) => ({ id: round * 10 + i, name: `round ${round} row ${i} – ü` });

// Plain inserts (no primary key), so a redelivered record would show up as a duplicate row.
runSinkConformance(plugin, {
  bootstrapServers: () => testEnv('KAFKA_BOOTSTRAP'),
  // The JDBC sink needs schemas: JSON with the {schema, payload} envelope.
  workerProps: { 'key.converter.schemas.enable': 'true', 'value.converter.schemas.enable': 'true' },
  config: () => ({ 'connection.url': jdbcUrl(), 'insert.mode': 'insert', 'pk.mode': 'none', 'auto.create': 'true', 'retry.backoff.ms': '100', 'max.retries': '1' }),
  records: (_ctx, round) => [0, 1, 2].map((i) => ({
    key: JSON.stringify({ schema: KEY_SCHEMA, payload: { id: row(round, i).id } }),
    value: JSON.stringify({ schema: VALUE_SCHEMA, payload: row(round, i) }),
  })),
  readBack: async (ctx: ConformanceContext) => {
    const res = await db.query(`SELECT id, name FROM "${ctx.topic}" ORDER BY id`).catch(() => ({ rows: [] }));
    return res.rows as unknown[];
  },
  expectedReadBack: (_ctx, rounds) => Array.from({ length: rounds }, (_, r) => [0, 1, 2].map((i) => row(r, i))).flat(),
  // Nothing listens on port 1: connecting fails in the task, which must then be FAILED with the cause.
  failingConfig: () => ({ 'connection.url': 'jdbc:postgresql://127.0.0.1:1/nowhere?user=x&password=y', 'max.retries': '0', 'retry.backoff.ms': '10' }),
  expectedTrace: /ECONNREFUSED|connect/i,
  cleanup: async (ctx) => {
    await db.query(`DROP TABLE IF EXISTS "${ctx.topic}"`);
  },
});
