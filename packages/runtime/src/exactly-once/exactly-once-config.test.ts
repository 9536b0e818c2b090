import { describe, expect, it } from 'vitest';
import { exactlyOnceTaskSettings } from './exactly-once-config.js';

const id = { connector: 'pg', task: 2 };
const enabled = { 'exactly.once.source.support': 'enabled', 'group.id': 'connect-cluster', 'offset.storage.topic': 'connect-offsets' };

describe('exactlyOnceTaskSettings', () => {
  it('is null (at-least-once) unless the worker enables it', () => {
    expect(exactlyOnceTaskSettings({}, {}, id, 60_000)).toBeNull();
    expect(exactlyOnceTaskSettings({ 'exactly.once.source.support': 'preparing' }, {}, id, 60_000)).toBeNull();
  });

  it('uses Kafka\'s transactional.id and defaults', () => {
    expect(exactlyOnceTaskSettings(enabled, {}, id, 60_000)).toEqual({
      transactionalId: 'connect-cluster-pg-2', boundary: 'poll', intervalMs: 60_000,
      offsetTopic: { topic: 'connect-offsets', partitions: 25, replicationFactor: 3 },
    });
  });

  it('takes the interval boundary and a connector offsets topic', () => {
    const s = exactlyOnceTaskSettings({ ...enabled, 'offset.storage.replication.factor': '1' },
      { 'transaction.boundary': 'interval', 'transaction.boundary.interval.ms': '250', 'offsets.storage.topic': 'pg-offsets' }, id, 60_000);
    expect(s).toEqual({ transactionalId: 'connect-cluster-pg-2', boundary: 'interval', intervalMs: 250,
      offsetTopic: { topic: 'pg-offsets', partitions: 25, replicationFactor: 1 } });
  });

  it('rejects bad values naming the key and value', () => {
    expect(() => exactlyOnceTaskSettings({ 'exactly.once.source.support': 'on' }, {}, id, 1)).toThrow(/Invalid value on for configuration exactly\.once\.source\.support/);
    expect(() => exactlyOnceTaskSettings(enabled, { 'transaction.boundary': 'batch' }, id, 1)).toThrow(/Invalid value batch for configuration transaction\.boundary/);
    expect(() => exactlyOnceTaskSettings({}, { 'exactly.once.support': 'required' }, id, 1))
      .toThrow('Invalid value required for configuration exactly.once.support: This worker does not run source connectors exactly-once (exactly.once.source.support=disabled)');
    expect(() => exactlyOnceTaskSettings(enabled, { 'transaction.boundary.interval.ms': '100' }, id, 1))
      .toThrow(/transaction\.boundary\.interval\.ms.*Only used with transaction.boundary=interval/);
    expect(() => exactlyOnceTaskSettings({ 'exactly.once.source.support': 'enabled', 'offset.storage.topic': 't' }, {}, id, 1)).toThrow(/group\.id/);
    expect(() => exactlyOnceTaskSettings({ 'exactly.once.source.support': 'enabled', 'group.id': 'g' }, {}, id, 1)).toThrow(/offset\.storage\.topic/);
  });
});
