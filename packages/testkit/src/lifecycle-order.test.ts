import { describe, expect, it } from 'vitest';
import { assertConnectorOrder, assertTaskOrder, LifecycleRecorder } from './index.js';

function recorder(connector: string[], task: string[]): LifecycleRecorder {
  const rec = new LifecycleRecorder();
  for (const e of connector) rec.record('connector', e.split(':')[0]!, e.split(':')[1] as 'begin' | 'end');
  for (const e of task) rec.record(0, e.split(':')[0]!, e.split(':')[1] as 'begin' | 'end');
  return rec;
}

const CONNECTOR_OK = ['start:begin', 'start:end', 'taskConfigs:begin', 'taskConfigs:end', 'stop:begin', 'stop:end'];

describe('lifecycle order assertions', () => {
  it('accept start → poll* → stop, with a poll pending at stop ending afterwards', () => {
    const rec = recorder(CONNECTOR_OK, ['start:begin', 'start:end', 'poll:begin', 'poll:end', 'poll:begin', 'stop:begin', 'poll:end', 'commit:begin', 'commit:end', 'stop:end']);
    expect(() => assertConnectorOrder(rec)).not.toThrow();
    expect(() => assertTaskOrder(rec, 0, 'source')).not.toThrow();
  });

  it('reject a poll that begins after stop, naming the calls', () => {
    const rec = recorder(CONNECTOR_OK, ['start:begin', 'start:end', 'poll:begin', 'poll:end', 'stop:begin', 'stop:end', 'poll:begin']);
    expect(() => assertTaskOrder(rec, 0, 'source')).toThrow(
      'calls began after stop(): poll:begin; task 0 calls: start:begin start:end poll:begin poll:end stop:begin stop:end poll:begin');
  });

  it('reject put before open completed, a missing stop and taskConfigs before start', () => {
    expect(() => assertTaskOrder(recorder([], ['start:begin', 'start:end', 'put:begin', 'put:end', 'open:begin', 'open:end', 'stop:begin', 'stop:end']), 0, 'sink'))
      .toThrow('open() must complete before the first put()');
    expect(() => assertTaskOrder(recorder([], ['start:begin', 'start:end', 'put:begin', 'put:end']), 0, 'sink'))
      .toThrow('task.stop() must be called exactly once');
    expect(() => assertConnectorOrder(recorder(['taskConfigs:begin', 'taskConfigs:end', 'start:begin', 'start:end'], [])))
      .toThrow('the first connector call must be start(); connector calls: taskConfigs:begin taskConfigs:end start:begin start:end');
  });
});
