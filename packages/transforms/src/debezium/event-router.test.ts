import { describe, expect, it } from 'vitest';
import { DebeziumTypes, SchemaBuilder, Schemas, Struct, type Schema } from '@tsconnect/sdk';
import { EventRouter } from './event-router.js';
import { configured, fieldsOf, sourceRec } from '../records.test-support.js';
import { row } from './envelope.test-support.js';

const jsonSchema = DebeziumTypes.Json.builder().optional().build();
const uuidSchema = DebeziumTypes.Uuid.builder().build();
const outboxRow = SchemaBuilder.struct().name('dbserver1.public.outboxevent.Value').optional()
  .field('id', uuidSchema).field('aggregatetype', Schemas.STRING).field('aggregateid', Schemas.STRING)
  .field('type', Schemas.STRING).field('payload', jsonSchema).field('tenant', Schemas.OPTIONAL_INT32).build();
const envelope: Schema = SchemaBuilder.struct().name('dbserver1.public.outboxevent.Envelope')
  .field('before', outboxRow).field('after', outboxRow).field('op', Schemas.STRING).field('ts_ms', Schemas.OPTIONAL_INT64).build();

function outboxEvent(op: string, payload: string | null = '{"orderId":7}') {
  const after = row(outboxRow, { id: '4e3f…-1', aggregatetype: 'Order', aggregateid: 'order-7', type: 'OrderCreated', payload, tenant: 3 });
  const value = new Struct(envelope).put('after', op === 'd' ? null : after).put('before', op === 'c' ? null : after).put('op', op).put('ts_ms', 1_700_000_000_000);
  return sourceRec({ topic: 'dbserver1.public.outboxevent', kafkaPartition: 5, keySchema: Schemas.STRING, key: 'k', valueSchema: envelope, value, timestamp: 1 });
}

describe('EventRouter', () => {
  it('routes an outbox insert to outbox.event.<aggregatetype> with the payload passed through', () => {
    const out = configured(new EventRouter(), {}).apply(outboxEvent('c'))!;
    expect(out.topic).toBe('outbox.event.Order');
    expect([out.keySchema, out.key]).toEqual([Schemas.STRING, 'order-7']);
    expect([out.valueSchema, out.value]).toEqual([jsonSchema, '{"orderId":7}']);
    expect(out.kafkaPartition).toBeNull();
    expect(out.timestamp).toBe(1_700_000_000_000);
    expect(out.headers).toEqual([{ key: 'id', schema: uuidSchema, value: '4e3f…-1' }]);
    expect(out.sourceOffset).toEqual({ o: 1 });
  });

  it('places additional fields in the envelope, headers and partition', () => {
    const t = configured(new EventRouter(), {
      'table.fields.additional.placement': 'type:header:eventType,type:envelope:eventType,tenant:partition',
      'route.topic.replacement': '${routedByValue}.events',
    });
    const out = t.apply(outboxEvent('c'))!;
    expect(out.topic).toBe('Order.events');
    expect(out.valueSchema).toEqual({
      type: 'struct', optional: false, name: 'dbserver1.public.outboxevent.Order.Value',
      fields: [{ name: 'payload', index: 0, schema: jsonSchema }, { name: 'eventType', index: 1, schema: Schemas.STRING }],
    });
    expect(fieldsOf(out.value)).toEqual({ payload: '{"orderId":7}', eventType: 'OrderCreated' });
    expect(out.headers.map((h) => [h.key, h.value])).toEqual([['id', '4e3f…-1'], ['eventType', 'OrderCreated']]);
    expect(out.kafkaPartition).toBe(3);
  });

  it('drops deletes, updates and tombstones; empty payload → tombstone when asked', () => {
    const t = configured(new EventRouter(), {});
    expect(t.apply(outboxEvent('d'))).toBeNull();
    expect(t.apply(outboxEvent('u'))).toBeNull();
    expect(t.apply(sourceRec({ value: null }))).toBeNull();
    expect(() => configured(new EventRouter(), { 'table.op.invalid.behavior': 'fatal' }).apply(outboxEvent('u'))).toThrow(
      'Unexpected update message received k, fail.',
    );
    const tomb = configured(new EventRouter(), { 'route.tombstone.on.empty.payload': 'true' }).apply(outboxEvent('c', null))!;
    expect([tomb.topic, tomb.key, tomb.valueSchema, tomb.value]).toEqual(['outbox.event.Order', 'order-7', null, null]);
    const plain = sourceRec({ valueSchema: Schemas.STRING, value: 'x' });
    expect(t.apply(plain)).toBe(plain);
  });

  it('reports missing columns and bad configs', () => {
    expect(() => configured(new EventRouter(), { 'table.field.event.payload': 'body' }).apply(outboxEvent('c'))).toThrow(
      'Unable to find payload field body in event',
    );
    expect(() => configured(new EventRouter(), { 'table.fields.additional.placement': 'nope:header' }).apply(outboxEvent('c'))).toThrow(
      'Unable to find field nope in event',
    );
    expect(configured(new EventRouter(), { 'table.fields.additional.placement': 'nope:header', 'table.field.additional.missing': 'ignore' })
      .apply(outboxEvent('c'))!.headers).toHaveLength(1);
    expect(() => new EventRouter().configure({ 'table.fields.additional.placement': 'type' })).toThrow(
      'Invalid value [type] for configuration table.fields.additional.placement: A comma-separated list of valid String pairs or trios is expected but got: [type]',
    );
    expect(() => new EventRouter().configure({ 'table.fields.additional.placement': 'type:body' })).toThrow(/Unknown placement "body"/);
    expect(() => new EventRouter().configure({ 'route.topic.regex': '(' })).toThrow(/Invalid value \( for configuration route.topic.regex/);
  });
});
