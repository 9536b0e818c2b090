import { describe, expect, it } from 'vitest';
import { Schemas, Struct } from '@tsconnect/sdk';
import { ExtractNewRecordState } from './extract-new-record-state.js';
import { changeEvent, envelopeSchema, keySchema, row, rowSchema } from './envelope.test-support.js';
import { configured, fieldsOf, sourceRec } from '../records.test-support.js';

const unwrap = (props: Record<string, unknown> = {}) => configured(new ExtractNewRecordState(), props);
const tombstone = () => sourceRec({ topic: 'dbserver1.public.t', keySchema, key: row(keySchema, { id: 1 }), value: null });

describe('ExtractNewRecordState', () => {
  it('replaces a create/update envelope with the after state, keeping key, topic and timestamp', () => {
    const out = unwrap().apply(changeEvent('c', null, { id: 1, name: 'a' }))!;
    // Debezium rebuilds the row schema (add.fields step) from name/version/doc/params: it comes out required.
    expect(out.valueSchema).toEqual({ ...rowSchema, optional: false });
    expect(fieldsOf(out.value)).toEqual({ id: 1, name: 'a' });
    expect(out.topic).toBe('dbserver1.public.t');
    expect(fieldsOf(out.key)).toEqual({ id: 1 });
    expect(out.timestamp).toBe(5);
    expect(out.sourceOffset).toEqual({ o: 1 });
  });

  it('defaults to tombstone mode as Debezium 3.2+; non-envelopes pass through', () => {
    const t = unwrap();
    const del = t.apply(changeEvent('d', { id: 1, name: 'a' }, null))!;
    expect([del.value, del.topic]).toEqual([null, 'dbserver1.public.t']);
    expect(t.apply(tombstone())).toBeNull();
    const plain = sourceRec({ valueSchema: Schemas.STRING, value: 'x' });
    expect(t.apply(plain)).toBe(plain);
  });

  it('the deprecated keys apply only when set: delete.handling.mode=drop drops the delete', () => {
    expect(unwrap({ 'delete.handling.mode': 'drop' }).apply(changeEvent('d', { id: 1, name: 'a' }, null))).toBeNull();
  });

  it('legacy drop.tombstones=false + delete.handling.mode=none passes a null-value delete and the tombstone', () => {
    const t = unwrap({ 'drop.tombstones': 'false', 'delete.handling.mode': 'none' });
    const del = t.apply(changeEvent('d', { id: 1, name: 'a' }, null))!;
    expect([del.valueSchema, del.value]).toEqual([rowSchema, null]);
    const tomb = tombstone();
    expect(t.apply(tomb)).toBe(tomb);
  });

  it('legacy delete.handling.mode=rewrite adds __deleted to every record', () => {
    const t = unwrap({ 'delete.handling.mode': 'rewrite' });
    const del = t.apply(changeEvent('d', { id: 1, name: 'a' }, null))!;
    expect(del.valueSchema!.name).toBe('dbserver1.public.t.Value');
    expect(del.valueSchema!.fields!.map((f) => [f.name, f.schema])).toEqual([
      ['id', Schemas.INT32], ['name', Schemas.OPTIONAL_STRING], ['__deleted', Schemas.OPTIONAL_STRING],
    ]);
    expect(fieldsOf(del.value)).toEqual({ id: 1, name: 'a', __deleted: 'true' });
    expect(fieldsOf(t.apply(changeEvent('u', { id: 1, name: 'a' }, { id: 1, name: 'b' }))!.value)).toEqual({ id: 1, name: 'b', __deleted: 'false' });
    expect(t.apply(tombstone())).toBeNull();
  });

  it('delete.tombstone.handling.mode: tombstone, rewrite-with-tombstone, delete-to-tombstone, drop', () => {
    const del = () => changeEvent('d', { id: 1, name: 'a' }, null);
    const tomb = unwrap({ 'delete.tombstone.handling.mode': 'tombstone' });
    expect(tomb.apply(del())!.value).toBeNull();
    expect(tomb.apply(tombstone())).toBeNull();
    const rwt = unwrap({ 'delete.tombstone.handling.mode': 'rewrite-with-tombstone' });
    expect(fieldsOf(rwt.apply(del())!.value)).toEqual({ id: 1, name: 'a', __deleted: 'true' });
    expect(rwt.apply(tombstone())).not.toBeNull();
    const d2t = unwrap({ 'delete.tombstone.handling.mode': 'DELETE-TO-TOMBSTONE' }).apply(del())!;
    expect([d2t.valueSchema, d2t.value, d2t.topic]).toEqual([null, null, 'dbserver1.public.t']);
    expect(unwrap({ 'delete.tombstone.handling.mode': 'drop', 'drop.tombstones': 'false' }).apply(tombstone())).toBeNull();
  });

  it('add.fields adds prefixed envelope/source fields (optional schemas), with renames', () => {
    const t = unwrap({ 'add.fields': 'op,table,source.ts_ms,ts_ms:EVENT_TS' });
    const out = t.apply(changeEvent('u', { id: 1, name: 'a' }, { id: 1, name: 'b' }))!;
    expect(out.valueSchema!.name).toBe('dbserver1.public.t.Value');
    expect(out.valueSchema!.fields!.map((f) => [f.name, f.schema])).toEqual([
      ['id', Schemas.INT32], ['name', Schemas.OPTIONAL_STRING],
      ['__op', Schemas.OPTIONAL_STRING], ['__table', Schemas.OPTIONAL_STRING],
      ['__source_ts_ms', Schemas.OPTIONAL_INT64], ['__EVENT_TS', Schemas.OPTIONAL_INT64],
    ]);
    expect(fieldsOf(out.value)).toEqual({ id: 1, name: 'b', __op: 'u', __table: 't', __source_ts_ms: 1_700_000_000_000, __EVENT_TS: 1_700_000_000_123 });
    const rewritten = unwrap({ 'add.fields': 'op', 'add.fields.prefix': '_', 'delete.handling.mode': 'rewrite' })
      .apply(changeEvent('d', { id: 1, name: 'a' }, null))!;
    expect(fieldsOf(rewritten.value)).toEqual({ id: 1, name: 'a', __deleted: 'true', _op: 'd' });
  });

  it('add.headers appends headers; a tombstone gets __op=d', () => {
    const t = unwrap({ 'add.headers': 'op,source.db', 'drop.tombstones': 'false' });
    const out = t.apply(changeEvent('c', null, { id: 1, name: 'a' }))!;
    expect(out.headers).toEqual([
      { key: '__op', schema: Schemas.OPTIONAL_STRING, value: 'c' },
      { key: '__source_db', schema: Schemas.OPTIONAL_STRING, value: 'db' },
    ]);
    expect(t.apply(tombstone())!.headers).toEqual([{ key: '__op', schema: Schemas.STRING, value: 'd' }]);
  });

  it('route.by.field sets the topic from a column (before for deletes)', () => {
    const t = unwrap({ 'route.by.field': 'name', 'delete.handling.mode': 'rewrite' });
    expect(t.apply(changeEvent('c', null, { id: 1, name: 'orders' }))!.topic).toBe('orders');
    expect(t.apply(changeEvent('d', { id: 1, name: 'gone' }, null))!.topic).toBe('gone');
    expect(t.apply(changeEvent('c', null, { id: 2, name: null }))!.topic).toBe('dbserver1.public.t');
  });

  it('drop.fields.header.name removes the optional fields listed in the header', () => {
    const t = unwrap({ 'drop.fields.header.name': 'drop' });
    const event = changeEvent('u', { id: 1, name: 'a' }, { id: 1, name: 'b' });
    const out = t.apply({ ...event, headers: [{ key: 'drop', schema: null, value: ['name', 'id'] }] })!;
    expect(out.valueSchema!.fields!.map((f) => f.name)).toEqual(['id']);
    expect(fieldsOf(out.value)).toEqual({ id: 1 });
  });

  it('drops truncate events (no before and no after)', () => {
    const source = (changeEvent('c', null, { id: 1 }).value as Struct).get('source');
    const truncate = sourceRec({ valueSchema: envelopeSchema, value: new Struct(envelopeSchema).put('op', 't').put('source', source) });
    expect(unwrap().apply(truncate)).toBeNull();
  });

  it('rejects bad configs naming key and value', () => {
    expect(() => unwrap({ 'delete.handling.mode': 'keep' })).toThrow(
      'Invalid value keep for configuration delete.handling.mode: String must be one of: drop, rewrite, none',
    );
    expect(() => unwrap({ 'delete.tombstone.handling.mode': 'nope' })).toThrow(/Invalid value nope for configuration delete.tombstone.handling.mode/);
    expect(() => unwrap({ 'add.fields': 'a:b:c' })).toThrow('Invalid value a:b:c for configuration add.fields: Unexpected field name: a:b:c');
    expect(() => unwrap({ 'drop.tombstones': 'yes' })).toThrow(/configuration drop.tombstones/);
  });

});
