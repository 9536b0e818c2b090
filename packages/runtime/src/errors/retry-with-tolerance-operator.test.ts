import { DataException, RetriableException } from '@tsconnect/sdk';
import { describe, expect, it } from 'vitest';
import { ErrorHandlingMetrics } from '../metrics/task-metrics.js';
import { backoffDelay } from '../worker/retry.js';
import { errorHandlingConfig } from './error-handling-config.js';
import type { ErrorReporter } from './error-reporter.js';
import { populateContextHeaders } from './dead-letter-queue-reporter.js';
import { sinkContext, type ProcessingContext } from './processing-context.js';
import { RetryWithToleranceOperator } from './retry-with-tolerance-operator.js';

const consumed = { topic: 't', partition: 2, offset: '7', timestamp: '1000', key: null, value: Buffer.from('x'), headers: undefined };

function operator(props: Record<string, string>) {
  const metrics = new ErrorHandlingMetrics();
  const reported: ProcessingContext[] = [];
  const reporter: ErrorReporter = { report: async (c) => { reported.push({ ...c }); }, close: async () => undefined };
  const op = new RetryWithToleranceOperator(errorHandlingConfig(props, true), metrics, [reporter], new AbortController().signal);
  return { op, metrics, reported };
}

describe('RetryWithToleranceOperator', () => {
  it('tolerance all: skips a failing converter, reports it once, counts as Kafka', async () => {
    const { op, metrics, reported } = operator({ 'errors.tolerance': 'all' });
    const ctx = sinkContext(consumed);
    const out = await op.execute(ctx, 'VALUE_CONVERTER', 'test.Conv', () => { throw new DataException('bad'); });
    expect(out).toBeNull();
    expect(reported.map((c) => [c.stage, c.executingClass, c.error?.message])).toEqual([['VALUE_CONVERTER', 'test.Conv', 'bad']]);
    expect([metrics.totalRecordFailures, metrics.totalRecordErrors, metrics.totalRecordsSkipped]).toEqual([1, 1, 1]);
    // Later stages of the same record do nothing.
    expect(await op.execute(ctx, 'TRANSFORMATION', 'x', () => 'never')).toBeNull();
  });

  it('tolerance none: throws "Tolerance exceeded in error handler" with the cause in the stack', async () => {
    const { op, reported } = operator({});
    const err = await op.execute(sinkContext(consumed), 'KEY_CONVERTER', 'c', () => { throw new DataException('bad key'); }).catch((e: Error) => e);
    expect((err as Error).message).toBe('Tolerance exceeded in error handler');
    expect((err as Error).stack).toContain('Caused by: DataException: bad key');
    expect(reported).toHaveLength(1);
  });

  it('retries RetriableException for errors.retry.timeout ms; 0 means no retry', async () => {
    let calls = 0;
    const flaky = () => { if (++calls < 3) throw new RetriableException('again'); return 'ok'; };
    const { op, metrics } = operator({ 'errors.retry.timeout': '5000', 'errors.retry.delay.max.ms': '10' });
    expect(await op.execute(sinkContext(consumed), 'TRANSFORMATION', 't', flaky)).toBe('ok');
    expect([calls, metrics.totalRetries, metrics.totalRecordFailures]).toEqual([3, 2, 2]);
    calls = 0;
    const none = operator({ 'errors.tolerance': 'all' });
    expect(await none.op.execute(sinkContext(consumed), 'TRANSFORMATION', 't', flaky)).toBeNull();
    expect([calls, none.metrics.totalRetries]).toEqual([1, 0]);
  });

  it('executeFailed (errant record reporter) counts a failure, not an error, when tolerated', async () => {
    const { op, metrics, reported } = operator({ 'errors.tolerance': 'all' });
    await op.executeFailed(sinkContext(consumed), 'TASK_PUT', 'MyTask', new Error('nope'));
    expect([metrics.totalRecordFailures, metrics.totalRecordErrors, reported[0]!.stage]).toEqual([1, 0, 'TASK_PUT']);
  });

  it('backoff doubles from 300 ms and is random below the cap beyond it', () => {
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, 60_000))).toEqual([300, 600, 1200, 2400]);
    expect(backoffDelay(10, 1000, () => 0.5)).toBe(500);
  });

  it('populateContextHeaders adds Kafka header names in Kafka order', () => {
    const headers = { keep: Buffer.from('me') };
    const ctx: ProcessingContext = { ...sinkContext(consumed), stage: 'TRANSFORMATION', executingClass: 'x.T', error: new DataException('m') };
    populateContextHeaders(headers, ctx, { connector: 'c', task: 4 });
    expect(Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v).split('\n')[0]]))).toEqual({
      keep: 'me', '__connect.errors.topic': 't', '__connect.errors.partition': '2', '__connect.errors.offset': '7',
      '__connect.errors.connector.name': 'c', '__connect.errors.task.id': '4', '__connect.errors.stage': 'TRANSFORMATION',
      '__connect.errors.class.name': 'x.T', '__connect.errors.exception.class.name': 'DataException',
      '__connect.errors.exception.message': 'm', '__connect.errors.exception.stacktrace': 'DataException: m',
    });
  });

  it('errorHandlingConfig names a bad value', () => {
    expect(() => errorHandlingConfig({ 'errors.tolerance': 'some' }, true)).toThrow('Invalid value some for configuration errors.tolerance: String must be one of: none, all');
  });
});
