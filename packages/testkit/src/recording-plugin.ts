import type {
  ConfigDef, ConfigValueInfo, ConnectorContext, Plugin, SinkConnector, SinkConnectorPlugin, SinkTask, SourceConnector,
  SourceConnectorPlugin, SourceTask,
} from '@tsconnect/sdk';

/** One call into the plugin, as the runtime made it. `begin`/`end` bracket async calls. */
export interface LifecycleEvent {
  /** 'connector', or the task instance number (0, 1, … in creation order). */
  readonly target: 'connector' | number;
  readonly method: string;
  readonly phase: 'begin' | 'end' | 'error';
  readonly at: number;
  readonly error?: string;
}

/** Config keys the recording connector strips before the wrapped connector sees them. */
export const INJECT_FAILURE_KEY = 'testkit.inject.failure';

/** The message of the error the kit injects; a check finds it in the task's REST trace. */
export const INJECTED_FAILURE_MESSAGE = 'TestkitInjectedFailure: failure injected by @tsconnect/testkit';

/** Collects the calls a recording plugin saw, in order. */
export class LifecycleRecorder {
  readonly events: LifecycleEvent[] = [];
  private tasks = 0;

  record(target: LifecycleEvent['target'], method: string, phase: LifecycleEvent['phase'], error?: unknown): void {
    this.events.push({ target, method, phase, at: Date.now(), ...(error === undefined ? {} : { error: String((error as Error)?.message ?? error) }) });
  }

  nextTaskNumber(): number {
    return this.tasks++;
  }

  /** `method:phase` strings of one target, e.g. `['start:begin', 'start:end', 'poll:begin', …]`. */
  trace(target: LifecycleEvent['target']): string[] {
    return this.events.filter((e) => e.target === target).map((e) => `${e.method}:${e.phase}`);
  }

  taskNumbers(): number[] {
    return [...new Set(this.events.map((e) => e.target).filter((t): t is number => typeof t === 'number'))];
  }

  /** Resolves when `predicate` holds (checked every 50 ms), or rejects after `timeoutMs` with the trace. */
  async waitFor(what: string, predicate: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; calls seen: ${this.describe()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  describe(): string {
    return this.events.map((e) => `${e.target}.${e.method}:${e.phase}${e.error ? `(${e.error})` : ''}`).join(' ') || '(none)';
  }
}

async function traced<T>(rec: LifecycleRecorder, target: LifecycleEvent['target'], method: string, call: () => T | Promise<T>): Promise<T> {
  rec.record(target, method, 'begin');
  try {
    const result = await call();
    rec.record(target, method, 'end');
    return result;
  } catch (e) {
    rec.record(target, method, 'error', e);
    throw e;
  }
}

type Injection = 'poll' | 'put' | null;

/**
 * Wraps a connector plugin so every call the runtime makes into it (connector and tasks) is
 * recorded, and a failure can be injected into `poll`/`put` with the connector config key
 * `testkit.inject.failure=poll|put` (the wrapped connector never sees that key). The wrapper keeps
 * the plugin's class name, aliases and version, so configs and REST calls are unchanged.
 * Optional task hooks are only present when the wrapped task has them, so the runtime's
 * defaults (e.g. preCommit → flush) still apply.
 */
export function recordingPlugin<P extends SourceConnectorPlugin | SinkConnectorPlugin>(plugin: P, recorder: LifecycleRecorder): P {
  const wrapped = {
    ...plugin,
    create: () => (plugin.type === 'source'
      ? new RecordingSourceConnector(plugin.create() as SourceConnector, recorder)
      : new RecordingSinkConnector(plugin.create() as SinkConnector, recorder)),
  };
  return wrapped as Plugin as P;
}

abstract class RecordingConnector<C extends SourceConnector | SinkConnector> {
  protected injection: Injection = null;

  constructor(protected readonly inner: C, protected readonly rec: LifecycleRecorder) {}

  version(): string { return this.inner.version(); }
  config(): ConfigDef { return this.inner.config(); }

  validate(props: Readonly<Record<string, string>>): Promise<ConfigValueInfo[]> | ConfigValueInfo[] {
    return this.inner.validate ? this.inner.validate(withoutTestkitKeys(props)) : [];
  }

  async start(props: Readonly<Record<string, string>>, context: ConnectorContext): Promise<void> {
    const inject = props[INJECT_FAILURE_KEY];
    this.injection = inject === 'poll' || inject === 'put' ? inject : null;
    await traced(this.rec, 'connector', 'start', () => this.inner.start(withoutTestkitKeys(props), context));
  }

  async taskConfigs(maxTasks: number): Promise<Record<string, string>[]> {
    const configs = await traced(this.rec, 'connector', 'taskConfigs', () => this.inner.taskConfigs(maxTasks));
    // The runtime builds tasks from a fresh plugin instance (as Kafka does), so the injection
    // travels in the task config; the task wrapper strips it again.
    return this.injection ? configs.map((c) => ({ ...c, [INJECT_FAILURE_KEY]: this.injection! })) : configs;
  }

  async stop(): Promise<void> {
    await traced(this.rec, 'connector', 'stop', () => this.inner.stop());
  }
}

class RecordingSourceConnector extends RecordingConnector<SourceConnector> implements SourceConnector {
  readonly type = 'source' as const;

  taskClass(): new () => SourceTask {
    const innerClass = this.inner.taskClass();
    const rec = this.rec;
    return class RecordingSourceTask implements SourceTask {
      private readonly task = new innerClass();
      private readonly n = rec.nextTaskNumber();
      private polls = 0;
      private inject = false;

      constructor() {
        const t = this.task;
        if (t.commitRecord) this.commitRecord = (r, m) => traced(rec, this.n, 'commitRecord', () => t.commitRecord!(r, m));
        if (t.commit) this.commit = () => traced(rec, this.n, 'commit', () => t.commit!());
      }

      commitRecord?: SourceTask['commitRecord'];
      commit?: SourceTask['commit'];
      version(): string { return this.task.version(); }
      async start(props: Readonly<Record<string, string>>, context: Parameters<SourceTask['start']>[1]): Promise<void> {
        this.inject = props[INJECT_FAILURE_KEY] === 'poll';
        const clean = withoutTestkitKeys(props);
        await traced(rec, this.n, 'start', () => this.task.start(clean, context));
      }
      async poll() {
        return traced(rec, this.n, 'poll', async () => {
          const records = await this.task.poll();
          // Fail on the second poll: the first one proves the task ran before it failed.
          if (this.inject && ++this.polls >= 2) throw new Error(INJECTED_FAILURE_MESSAGE + ' in poll()');
          return records;
        });
      }
      async stop(): Promise<void> {
        await traced(rec, this.n, 'stop', () => this.task.stop());
      }
    };
  }
}

class RecordingSinkConnector extends RecordingConnector<SinkConnector> implements SinkConnector {
  readonly type = 'sink' as const;

  taskClass(): new () => SinkTask {
    const innerClass = this.inner.taskClass();
    const rec = this.rec;
    return class RecordingSinkTask implements SinkTask {
      private readonly task = new innerClass();
      private readonly n = rec.nextTaskNumber();
      private inject = false;

      constructor() {
        const t = this.task;
        if (t.flush) this.flush = (o) => traced(rec, this.n, 'flush', () => t.flush!(o));
        if (t.preCommit) this.preCommit = (o) => traced(rec, this.n, 'preCommit', () => t.preCommit!(o));
        if (t.open) this.open = (p) => traced(rec, this.n, 'open', () => t.open!(p));
        if (t.close) this.close = (p) => traced(rec, this.n, 'close', () => t.close!(p));
      }

      flush?: SinkTask['flush'];
      preCommit?: SinkTask['preCommit'];
      open?: SinkTask['open'];
      close?: SinkTask['close'];
      version(): string { return this.task.version(); }
      async start(props: Readonly<Record<string, string>>, context: Parameters<SinkTask['start']>[1]): Promise<void> {
        this.inject = props[INJECT_FAILURE_KEY] === 'put';
        const clean = withoutTestkitKeys(props);
        await traced(rec, this.n, 'start', () => this.task.start(clean, context));
      }
      async put(records: Parameters<SinkTask['put']>[0]): Promise<void> {
        await traced(rec, this.n, 'put', async () => {
          if (this.inject && records.length > 0) throw new Error(INJECTED_FAILURE_MESSAGE + ' in put()');
          await this.task.put(records);
        });
      }
      async stop(): Promise<void> {
        await traced(rec, this.n, 'stop', () => this.task.stop());
      }
    };
  }
}

function withoutTestkitKeys(props: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(props).filter(([k]) => !k.startsWith('testkit.')));
}
