import { ensure } from './conformance-options.js';
import type { LifecycleRecorder } from './recording-plugin.js';

/** The index of the first `method:phase` in `trace`, or -1. */
function first(trace: readonly string[], entry: string): number {
  return trace.indexOf(entry);
}

/**
 * Connector order (Kafka's Connector contract): `start` is the first call and completes before
 * `taskConfigs`; `stop` is called exactly once and is the last call.
 */
export function assertConnectorOrder(rec: LifecycleRecorder): void {
  const t = rec.trace('connector');
  const where = `connector calls: ${t.join(' ')}`;
  ensure(t[0] === 'start:begin', `the first connector call must be start(); ${where}`);
  const startEnd = first(t, 'start:end');
  ensure(startEnd >= 0, `connector.start() did not complete; ${where}`);
  const tc = first(t, 'taskConfigs:begin');
  ensure(tc > startEnd, `taskConfigs() must come after start() completed; ${where}`);
  ensure(t.filter((e) => e === 'stop:begin').length === 1, `connector.stop() must be called exactly once; ${where}`);
  ensure(t[t.length - 1] === 'stop:end', `connector.stop() must be the last call and complete; ${where}`);
}

/**
 * Task order (SourceTask/SinkTask contracts): `start` first and completed before anything else;
 * then at least one `poll` (source) or `put` (sink); `stop` exactly once; no new `poll`/`put`
 * begins after `stop` began (one pending at that moment may still end). Sinks: `open` completes
 * before the first `put`, and `close` (when the task has it) comes before `stop`.
 */
export function assertTaskOrder(rec: LifecycleRecorder, task: number, kind: 'source' | 'sink'): void {
  const t = rec.trace(task);
  const where = `task ${task} calls: ${compact(t)}`;
  const work = kind === 'source' ? 'poll' : 'put';
  ensure(t[0] === 'start:begin', `the first task call must be start(); ${where}`);
  const startEnd = first(t, 'start:end');
  ensure(startEnd === 1, `task.start() must complete before any other call; ${where}`);
  ensure(t.includes(`${work}:end`), `no ${work}() completed before the task was stopped; ${where}`);
  ensure(t.filter((e) => e === 'stop:begin').length === 1, `task.stop() must be called exactly once; ${where}`);
  const stopBegin = first(t, 'stop:begin');
  ensure(t.includes('stop:end'), `task.stop() did not complete; ${where}`);
  const late = t.slice(stopBegin).filter((e) => e.endsWith(':begin') && e !== 'stop:begin' && e !== 'close:begin' && e !== 'commit:begin' && e !== 'commitRecord:begin');
  ensure(late.length === 0, `calls began after stop(): ${late.join(', ')}; ${where}`);
  if (kind === 'sink') {
    const firstPut = first(t, 'put:begin');
    if (t.includes('open:begin')) ensure(first(t, 'open:end') < firstPut, `open() must complete before the first put(); ${where}`);
    if (t.includes('close:begin')) ensure(first(t, 'close:begin') < stopBegin, `close() must come before stop(); ${where}`);
  }
}

/** Keeps failure messages readable: the first 20 and last 10 calls of a long trace. */
function compact(trace: readonly string[]): string {
  if (trace.length <= 30) return trace.join(' ');
  return `${trace.slice(0, 20).join(' ')} … (${trace.length - 30} more) … ${trace.slice(-10).join(' ')}`;
}
