import type { Logger } from 'pino';
import type { ConnectorTaskId } from '../herder/herder-types.js';
import type { TargetState } from '../storage/config-backing-store.js';

/** How a task reports its lifecycle (the herder turns these into statuses). */
export interface TaskStatusListener {
  onStartup(id: ConnectorTaskId): void;
  onPause(id: ConnectorTaskId): void;
  onResume(id: ConnectorTaskId): void;
  onFailure(id: ConnectorTaskId, error: Error): void;
  onShutdown(id: ConnectorTaskId): void;
  /** The task produced to / consumed from `topic` (GET /connectors/{c}/topics). */
  onTopicUsed(id: ConnectorTaskId, topic: string): void;
}

/**
 * Lifecycle shared by source and sink task runners (Kafka's WorkerTask): `start` runs
 * `execute` in the background; a failure marks the task FAILED without touching the worker;
 * `stop` aborts the signal and waits (bounded) for `execute` to return.
 */
export abstract class WorkerTask {
  protected readonly abort = new AbortController();
  protected targetState: TargetState;
  private resumeWaiters: (() => void)[] = [];
  private running: Promise<void> | null = null;
  private failed = false;

  constructor(
    readonly id: ConnectorTaskId,
    initialState: TargetState,
    protected readonly listener: TaskStatusListener,
    protected readonly log: Logger,
  ) {
    this.targetState = initialState;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** The state the task was last told to be in (STARTED or PAUSED). */
  get currentTargetState(): TargetState {
    return this.targetState;
  }

  get isStopping(): boolean {
    return this.abort.signal.aborted;
  }

  start(): void {
    this.running = this.run();
  }

  private async run(): Promise<void> {
    try {
      await this.execute();
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      if (this.isStopping) {
        // Interrupted by stop (e.g. during subscribe): not a task failure.
        this.log.debug({ err: error }, 'Task interrupted while stopping');
        return;
      }
      this.failed = true;
      this.log.error({ err: error, task: `${this.id.connector}-${this.id.task}` }, 'Task threw an uncaught and unrecoverable exception; task is being killed and will not recover until manually restarted');
      this.listener.onFailure(this.id, error);
    } finally {
      await this.cleanup().catch((e: unknown) => this.log.warn({ err: e }, 'Error while closing task resources'));
      if (!this.failed) this.listener.onShutdown(this.id);
    }
  }

  /** Moves the task to PAUSED or back to STARTED (STOPPED never reaches a task: it is removed). */
  transitionTo(state: TargetState): void {
    if (state === this.targetState) return;
    this.targetState = state;
    if (state === 'PAUSED') {
      this.onPaused();
      this.listener.onPause(this.id);
    } else {
      this.onResumed();
      this.listener.onResume(this.id);
      for (const w of this.resumeWaiters.splice(0)) w();
    }
  }

  /** Aborts the task and waits up to `timeoutMs` for it to finish; returns false on timeout. */
  async stop(timeoutMs: number): Promise<boolean> {
    if (!this.abort.signal.aborted) this.abort.abort();
    for (const w of this.resumeWaiters.splice(0)) w();
    await this.onStopRequested(timeoutMs);
    if (!this.running) return true;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      this.running.then(() => true),
      new Promise<boolean>((r) => { timer = setTimeout(() => r(false), timeoutMs); }),
    ]);
    clearTimeout(timer);
    if (!finished) this.log.error({ task: `${this.id.connector}-${this.id.task}` }, `Graceful stop of task failed after ${timeoutMs} ms`);
    return finished;
  }

  /** Resolves when the task may run again (resumed) or is stopping. */
  protected waitWhilePaused(): Promise<void> {
    if (this.targetState !== 'PAUSED' || this.isStopping) return Promise.resolve();
    return new Promise((r) => this.resumeWaiters.push(r));
  }

  protected abstract execute(): Promise<void>;
  /** Releases clients; runs after `execute` however it ended. */
  protected abstract cleanup(): Promise<void>;
  protected onPaused(): void {}
  protected onResumed(): void {}
  /** Hook to unblock `execute` when a stop is requested (e.g. call `SourceTask.stop`). */
  protected async onStopRequested(_timeoutMs: number): Promise<void> {}
}

/** Kafka-style "connector-task" id string for logs and messages. */
export function taskIdString(id: ConnectorTaskId): string {
  return `${id.connector}-${id.task}`;
}
