// The seed's demo, as data: the SQL a person types into psql, in order. Shared by the demo
// (run.mjs) and the end-to-end test (apps/worker/src/seed-demo.it.test.ts) so both run the same.

export const setupSql = [
  'DROP TABLE IF EXISTS test_table',
  'DROP TABLE IF EXISTS target_table',
  `CREATE TABLE test_table (
     id SERIAL PRIMARY KEY,
     name VARCHAR(100) NOT NULL
   )`,
  'CREATE TABLE target_table AS TABLE test_table WITH NO DATA',
  'ALTER TABLE target_table ADD CONSTRAINT target_table_pk PRIMARY KEY (id)',
];

export const steps = [
  { title: "INSERT Alice and Bob", sql: ["INSERT INTO test_table (name) VALUES ('Alice')", "INSERT INTO test_table (name) VALUES ('Bob')"] },
  { title: "UPDATE id 1 to 'MODED'", sql: ["UPDATE test_table SET name = 'MODED' WHERE id = 1"] },
  { title: 'DELETE id 1', sql: ['DELETE FROM test_table WHERE id = 1'] },
  { title: 'DELETE all', sql: ['DELETE FROM test_table'] },
];

/** Both tables, ordered by id, as plain rows. */
export async function readTables(client) {
  const read = async (table) => (await client.query(`SELECT id, name FROM ${table} ORDER BY id`)).rows;
  return { test_table: await read('test_table'), target_table: await read('target_table') };
}

export function tablesEqual({ test_table, target_table }) {
  return JSON.stringify(test_table) === JSON.stringify(target_table);
}

export { withTestEnv } from '../shared/connector-config.mjs';
