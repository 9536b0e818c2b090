import { RetriableException } from '@tsconnect/sdk';

export interface RetryPolicy {
  /** Total time to keep retrying; <= 0 means until the task is stopped (Kafka's poll/put behaviour). */
  readonly timeoutMs: number;
  /** Cap of the exponential backoff (errors.retry.delay.max.ms). */
  readonly maxDelayMs: number;
}

/** First backoff, as Kafka's RetryWithToleranceOperator.RETRIES_DELAY_MIN_MS. */
export const RETRIES_DELAY_MIN_MS = 300;

/**
 * Kafka's backoff: 300 ms doubling per attempt (1-based); once that passes `maxDelayMs` the
 * delay is random in [0, maxDelayMs) so many tasks retrying together spread out (jitter).
 */
export function backoffDelay(attempt: number, maxDelayMs: number, random: () => number = Math.random): number {
  const delay = RETRIES_DELAY_MIN_MS * 2 ** Math.min(attempt - 1, 30);
  return delay > maxDelayMs ? Math.floor(random() * maxDelayMs) : delay;
}

/**
 * Runs `op`, retrying RetriableException with `backoffDelay`. Other errors, an exhausted
 * timeout, or the signal aborting end the retries (the last error is thrown).
 */
export async function withRetries<T>(
  op: () => Promise<T>,
  policy: RetryPolicy,
  signal: AbortSignal,
  onRetry: (error: Error, attempt: number, delayMs: number) => void,
): Promise<T> {
  const start = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (e) {
      if (!(e instanceof RetriableException) || signal.aborted) throw e;
      let wait = backoffDelay(attempt, policy.maxDelayMs);
      if (policy.timeoutMs > 0) {
        const left = start + policy.timeoutMs - Date.now();
        if (left <= 0) throw e;
        wait = Math.min(wait, left);
      }
      onRetry(e, attempt, wait);
      await sleep(wait, signal);
    }
  }
}

/** Resolves after `ms`, or early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
