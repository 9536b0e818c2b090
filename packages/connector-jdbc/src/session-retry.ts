import { ConnectException } from '@tsconnect/sdk';
import type { ConnectionSettings } from './connection-url.js';
import { isTransientDbError, openSession, type DbSession } from './db-session.js';
import type { Dialect } from './dialect/dialect.js';

export interface RetryPolicy {
  readonly connection: ConnectionSettings;
  readonly maxRetries: number;
  readonly retryBackoffMs: number;
}

/**
 * One of the task's database sessions, (re)opened on demand. `run` retries after transient errors
 * (max.retries, retry.backoff.ms) on a fresh session; other errors are thrown as they are.
 */
export class SessionRetry {
  private session: DbSession | null = null;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly dialect: Dialect,
    private readonly signal?: AbortSignal,
  ) {}

  /**
   * Runs `fn` on the session, reconnecting and retrying after transient errors. When they are
   * exhausted (or the task is stopping) it throws a ConnectException naming `what` for which
   * retriesExhausted() is true.
   */
  async run<T>(what: string, fn: (s: DbSession, attempt: number) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        this.session ??= await openSession(this.policy.connection, this.dialect);
        return await fn(this.session, attempt);
      } catch (e) {
        if (!isTransientDbError(e)) throw e;
        await this.close();
        if (attempt >= this.policy.maxRetries || this.signal?.aborted) {
          const code = (e as { code?: string }).code;
          const err = new ConnectException(
            `${what} failed${attempt > 0 ? ` after ${attempt} retries` : ''}: ${(e as Error).message}${code ? ` (${code})` : ''}`, { cause: e });
          throw Object.assign(err, { retriesExhausted: true });
        }
        await sleep(this.policy.retryBackoffMs, this.signal);
      }
    }
  }

  async close(): Promise<void> {
    const s = this.session;
    this.session = null;
    await s?.close();
  }
}

/** True for the error run() throws once the retries are used up. */
export function retriesExhausted(e: unknown): boolean {
  return (e as { retriesExhausted?: boolean } | null)?.retriesExhausted === true;
}

/** Waits `ms`, or less if `signal` aborts (the task is stopping). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
