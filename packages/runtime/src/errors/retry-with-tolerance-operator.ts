import { ConnectException, RetriableException } from '@tsconnect/sdk';
import type { ErrorHandlingMetrics } from '../metrics/task-metrics.js';
import { backoffDelay, sleep } from '../worker/retry.js';
import type { ErrorHandlingConfig } from './error-handling-config.js';
import type { ErrorReporter } from './error-reporter.js';
import type { ProcessingContext } from './processing-context.js';
import type { Stage } from './stage.js';

/** Stages whose every error `errors.tolerance=all` tolerates; elsewhere only retriable ones are (Kafka's TOLERABLE_EXCEPTIONS). */
const TOLERATE_ALL: ReadonlySet<Stage> = new Set(['TRANSFORMATION', 'HEADER_CONVERTER', 'KEY_CONVERTER', 'VALUE_CONVERTER']);

/**
 * Runs per-record operations with retries and tolerance (Kafka's RetryWithToleranceOperator).
 * RetriableException is retried with backoff for `errors.retry.timeout` ms (0: no retry, -1:
 * forever). A failure that remains is reported (log, DLQ) and then either tolerated
 * (`errors.tolerance=all`: the record is skipped, `execute` returns null) or turned into
 * ConnectException("Tolerance exceeded in error handler") that fails the task.
 */
export class RetryWithToleranceOperator {
  private totalFailures = 0;

  constructor(
    private readonly config: ErrorHandlingConfig,
    private readonly metrics: ErrorHandlingMetrics,
    private readonly reporters: readonly ErrorReporter[],
    private readonly signal: AbortSignal,
  ) {}

  get tolerance(): 'none' | 'all' {
    return this.config.tolerance;
  }

  /** True when a reporter exists for errant records (DLQ or error log), as Kafka's enableErrantRecordReporter. */
  get hasReporters(): boolean {
    return this.config.dlqTopicName !== '' || this.config.logEnable;
  }

  /**
   * Result of `op`, or null when it failed and the failure was tolerated (context.error set).
   * Does nothing (null) when the context already failed at an earlier stage.
   */
  async execute<V>(context: ProcessingContext, stage: Stage, executingClass: string, op: () => V | Promise<V>): Promise<V | null> {
    if (context.error) return null;
    context.stage = stage;
    context.executingClass = executingClass;
    const deadline = this.config.retryTimeoutMs < 0 ? Infinity : Date.now() + this.config.retryTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      context.attempt = attempt;
      try {
        return await op();
      } catch (e) {
        const error = asError(e);
        this.metrics.recordFailure();
        if (error instanceof RetriableException && Date.now() < deadline && !this.signal.aborted) {
          await sleep(Math.min(backoffDelay(attempt, this.config.retryDelayMaxMs), deadline - Date.now()), this.signal);
          this.metrics.recordRetry();
          if (!this.signal.aborted) continue;
        }
        return this.handleFailure(context, error, TOLERATE_ALL.has(stage) || error instanceof RetriableException);
      }
    }
  }

  /**
   * Reports an operation that failed outside `execute` (the errant record reporter, Kafka's
   * executeFailed); throws when the failure is not tolerated.
   */
  async executeFailed(context: ProcessingContext, stage: Stage, executingClass: string, error: Error): Promise<void> {
    this.markAsFailed();
    context.stage = stage;
    context.executingClass = executingClass;
    context.error = error;
    this.metrics.recordFailure();
    await this.report(context);
    if (!this.withinToleranceLimits()) {
      this.metrics.recordError();
      throw toleranceExceeded(error);
    }
  }

  private async handleFailure(context: ProcessingContext, error: Error, tolerable: boolean): Promise<null> {
    this.markAsFailed();
    context.error = error;
    this.metrics.recordError();
    await this.report(context);
    if (!tolerable) throw withCause(new ConnectException('Unhandled exception in error handler', { cause: error }), error);
    if (!this.withinToleranceLimits()) throw toleranceExceeded(error);
    this.metrics.recordSkipped();
    return null;
  }

  private markAsFailed(): void {
    this.metrics.recordErrorTimestamp();
    this.totalFailures++;
  }

  withinToleranceLimits(): boolean {
    return this.config.tolerance === 'all' || this.totalFailures === 0;
  }

  private async report(context: ProcessingContext): Promise<void> {
    for (const r of this.reporters) await r.report(context);
  }

  async close(): Promise<void> {
    for (const r of this.reporters) await r.close();
  }
}

function toleranceExceeded(cause: Error): ConnectException {
  return withCause(new ConnectException('Tolerance exceeded in error handler', { cause }), cause);
}

/** Appends the cause's stack as Java's "Caused by:", so the task's `trace` shows the real error. */
export function withCause<E extends Error>(error: E, cause: Error): E {
  error.stack = `${error.stack ?? `${error.name}: ${error.message}`}\nCaused by: ${cause.stack ?? `${cause.name}: ${cause.message}`}`;
  return error;
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
