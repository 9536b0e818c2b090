import type { Logger } from 'pino';
import type { TaskRestartPolicy } from '../config/worker-extras.js';

interface State {
  attempts: number;
  startedAt: number;
  timer: NodeJS.Timeout | null;
  cancelled: boolean;
}

/**
 * Automatic restarts of FAILED tasks (`task.auto.restart.enable`; Kafka Connect has none, it
 * waits for `POST …/restart`). Delay: initial × 2^(n−1) capped at max, ±20 % jitter; the count
 * resets when a task ran longer than the max delay before failing again.
 */
export class TaskRestarter {
  private readonly states = new Map<string, State>();

  constructor(private readonly log: Logger) {}

  onStartup(key: string): void {
    const s = this.state(key);
    s.startedAt = Date.now();
  }

  /** Schedules `restart` (which returns false when the task is gone); ignored once cancelled. */
  schedule(key: string, policy: TaskRestartPolicy, restart: (cancelled: () => boolean) => Promise<boolean>): void {
    const s = this.state(key);
    if (s.startedAt > 0 && Date.now() - s.startedAt > policy.maxMs) s.attempts = 0;
    if (policy.maxAttempts >= 0 && s.attempts >= policy.maxAttempts) {
      this.log.warn({ task: key }, `Task ${key} failed ${s.attempts} times in a row; not restarting it automatically any more`);
      return;
    }
    s.attempts++;
    const base = Math.min(policy.initialMs * 2 ** Math.min(s.attempts - 1, 30), policy.maxMs);
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.log.info({ task: key, attempt: s.attempts }, `Restarting failed task ${key} in ${delay} ms (task.auto.restart.enable)`);
    if (s.timer) clearTimeout(s.timer);
    s.cancelled = false;
    s.timer = setTimeout(() => {
      s.timer = null;
      if (s.cancelled) return;
      restart(() => s.cancelled).catch((e: unknown) => this.log.error({ err: e, task: key }, 'Automatic task restart failed'));
    }, delay);
  }

  /** Forgets the task (stopped or removed by the herder); a pending restart never happens. */
  cancel(key: string): void {
    const s = this.states.get(key);
    if (!s) return;
    s.cancelled = true;
    if (s.timer) clearTimeout(s.timer);
    this.states.delete(key);
  }

  /** Consecutive automatic restarts of the task so far. */
  attempts(key: string): number {
    return this.states.get(key)?.attempts ?? 0;
  }

  private state(key: string): State {
    let s = this.states.get(key);
    if (!s) {
      s = { attempts: 0, startedAt: 0, timer: null, cancelled: false };
      this.states.set(key, s);
    }
    return s;
  }
}
