import { RetriableException } from '@tsconnect/sdk';

export interface RetryPolicy {
  /** Total time to keep retrying; <= 0 means until the task is stopped (Kafka's poll/put behaviour). */
  readonly timeoutMs: number;
  /** Cap of the exponential backoff (errors.retry.delay.max.ms). */
  readonly maxDelayMs: number;
}

/**
 * Runs `op`, retrying RetriableException with exponential backoff (100 ms doubling up to
 * `maxDelayMs`). Other errors, an exhausted timeout, or the signal aborting end the retries.
 */
export async function withRetries<T>(
  op: () => Promise<T>,
  policy: RetryPolicy,
  signal: AbortSignal,
  onRetry: (error: Error, attempt: number, delayMs: number) => void,
): Promise<T> {
  const start = Date.now();
  let delay = 100;
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (e) {
      if (!(e instanceof RetriableException) || signal.aborted) throw e;
      if (policy.timeoutMs > 0 && Date.now() - start + delay > policy.timeoutMs) throw e;
      const wait = Math.min(delay, policy.maxDelayMs);
      onRetry(e, attempt, wait);
      await sleep(wait, signal);
      delay = Math.min(delay * 2, policy.maxDelayMs);
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
