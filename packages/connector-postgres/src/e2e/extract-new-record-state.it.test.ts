import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandaloneWorker } from '@tsconnect/runtime';
import { uniqueName } from '@tsconnect/test-support';
import { field, keySchema, schema, valueSchema, type Json } from './debezium-json.js';
import {
  connectorConfig, createDatabase, registerConnector, settle, startWorker, TopicReader, type TestDatabase,
} from './e2e-harness.js';

/**
 * Debezium's `unwrap` SMT (io.debezium.transforms.ExtractNewRecordState) on the connector: the
 * envelope becomes the flat row. As documented in
 * documentation/modules/ROOT/pages/transformations/event-flattening.adoc and implemented in
 * debezium-connect-plugins/.../transforms/extractnewstate/DefaultDeleteHandlingStrategy.java
 * (github:debezium/debezium @ aad5519902997a3627fe296f77ea6d3452e9acce):
 * - `tombstone` (the documented default): a delete leaves only a record whose value is null — with the
 *   row's Value schema (ExtractField of `after`), so JsonConverter writes {"schema": …, "payload": null};
 *   Debezium's own tombstone is dropped.
 * - `rewrite-with-tombstone`: a delete becomes the before-image plus `__deleted: "true"`, inserts/updates
 *   get `__deleted: "false"`, the tombstone stays; `add.fields` come after `__deleted` (doApply order).
 * - Inserts/updates always pass through ExtractNewRecordState.addFields → makeUpdatedSchema, which rebuilds
 *   the schema with Kafka's SchemaUtil.copySchemaBasics (name, version, doc, parameters — not optionality):
 *   the flat Value schema is required ("optional": false). Only the tombstone-mode delete keeps the
 *   envelope's optional `after` schema (addFields is skipped for a null value).
 */
describe('ExtractNewRecordState on the connector', () => {
  const tombstonePrefix = uniqueName('unwrap_t');
  const rewritePrefix = uniqueName('unwrap_r');
  const tombstoneTopic = `${tombstonePrefix}.public.people`;
  const rewriteTopic = `${rewritePrefix}.public.people`;
  let db: TestDatabase;
  let worker: StandaloneWorker;
  let reader: TopicReader;

  beforeAll(async () => {
    db = await createDatabase('pgunwrap');
    await db.client.query('CREATE TABLE people (id integer PRIMARY KEY, name text NOT NULL, age smallint)');
    await db.client.query('ALTER TABLE people REPLICA IDENTITY FULL');
    worker = await startWorker();
    reader = await TopicReader.start([tombstoneTopic, rewriteTopic]);
    const unwrap = { transforms: 'unwrap', 'transforms.unwrap.type': 'io.debezium.transforms.ExtractNewRecordState' };
    await registerConnector(worker, tombstonePrefix, connectorConfig(db, tombstonePrefix, {
      'table.include.list': 'public.people', ...unwrap,
      'transforms.unwrap.delete.tombstone.handling.mode': 'tombstone',
    }));
    await registerConnector(worker, rewritePrefix, connectorConfig(db, rewritePrefix, {
      'table.include.list': 'public.people', ...unwrap,
      'slot.name': `${db.name}_2`, 'publication.name': `${db.name}_pub2`,
      'transforms.unwrap.delete.tombstone.handling.mode': 'rewrite-with-tombstone',
      'transforms.unwrap.add.fields': 'op,table',
    }));
    await db.client.query(`INSERT INTO people VALUES (1, 'Ada', 36)`);
    await db.client.query(`UPDATE people SET age = 37 WHERE id = 1`);
    await db.client.query('DELETE FROM people WHERE id = 1');
    await reader.waitForCount(tombstoneTopic, 3);
    await reader.waitForCount(rewriteTopic, 4);
    await settle();
  });

  afterAll(async () => {
    await reader?.stop();
    await worker?.stop();
    await db?.drop([db.name, `${db.name}_2`]);
  });

  const columns: Json[] = [field('id', schema('int32')), field('name', schema('string')), field('age', schema('int16', { optional: true }))];
  const text = (topic: string): Array<[string | null, string | null]> => reader.on(topic).map((r) => [r.keyText, r.valueText]);
  const key = (prefix: string): string => JSON.stringify({ schema: keySchema(`${prefix}.public.people`, [field('id', schema('int32'))]), payload: { id: 1 } });

  it('tombstone mode: flat after-images, then a null payload for the delete; no extra tombstone', () => {
    const value = valueSchema(`${tombstonePrefix}.public.people`, columns);
    const flat = { ...value, optional: false };
    expect(text(tombstoneTopic)).toEqual([
      [key(tombstonePrefix), JSON.stringify({ schema: flat, payload: { id: 1, name: 'Ada', age: 36 } })],
      [key(tombstonePrefix), JSON.stringify({ schema: flat, payload: { id: 1, name: 'Ada', age: 37 } })],
      [key(tombstonePrefix), JSON.stringify({ schema: value, payload: null })],
    ]);
  });

  it('rewrite-with-tombstone + add.fields: __deleted, __op, __table; the delete keeps its before-image and the tombstone', () => {
    const value = {
      ...valueSchema(`${rewritePrefix}.public.people`, [
        ...columns,
        field('__deleted', schema('string', { optional: true })),
        field('__op', schema('string', { optional: true })),
        field('__table', schema('string', { optional: true })),
      ]),
      optional: false, // rebuilt by InsertField / makeUpdatedSchema (copySchemaBasics)
    };
    const row = (age: number, deleted: string, op: string) =>
      JSON.stringify({ schema: value, payload: { id: 1, name: 'Ada', age, __deleted: deleted, __op: op, __table: 'people' } });
    expect(text(rewriteTopic)).toEqual([
      [key(rewritePrefix), row(36, 'false', 'c')],
      [key(rewritePrefix), row(37, 'false', 'u')],
      [key(rewritePrefix), row(37, 'true', 'd')],
      [key(rewritePrefix), null],
    ]);
  });
});
