import type { Logger } from 'pino';

/** Kafka's (log4j) level names, and the pino level each maps to. */
const LEVELS: Readonly<Record<string, string>> = {
  OFF: 'silent', FATAL: 'fatal', ERROR: 'error', WARN: 'warn', INFO: 'info', DEBUG: 'debug', TRACE: 'trace', ALL: 'trace',
};
const PINO_TO_KAFKA: Readonly<Record<string, string>> = {
  silent: 'OFF', fatal: 'FATAL', error: 'ERROR', warn: 'WARN', info: 'INFO', debug: 'DEBUG', trace: 'TRACE',
};

export const ROOT_LOGGER_NAME = 'root';

export interface LoggerLevel {
  readonly level: string;
  /** ms since epoch of the last change through the REST API; null if never changed. */
  readonly last_modified: number | null;
}

/**
 * Named child loggers with adjustable levels (what `/admin/loggers` works on, Kafka's Loggers).
 * Loggers are named like Kafka's (`org.apache.kafka.connect.runtime.WorkerSinkTask`); each task
 * gets its own child with `connector`/`task` bindings (Kafka's MDC), and a level set on a
 * namespace applies to every logger whose name starts with it — now and when created later.
 */
export class ConnectLoggers {
  private readonly instances = new Map<string, Set<WeakRef<Logger>>>();
  private readonly explicit = new Map<string, { level: string; lastModified: number }>();
  private rootLastModified: number | null = null;

  constructor(private readonly root: Logger) {}

  /** A child logger named `name` (bound as `logger`), at the effective level for that name. */
  get(name: string, bindings: Record<string, unknown> = {}): Logger {
    const child = this.root.child({ logger: name, ...bindings }, { level: this.effectiveLevel(name) });
    const set = this.instances.get(name) ?? new Set();
    set.add(new WeakRef(child));
    this.instances.set(name, set);
    return child;
  }

  private effectiveLevel(name: string): string {
    let best: { ns: string; level: string } | null = null;
    for (const [ns, v] of this.explicit) {
      if (name.startsWith(ns) && (!best || ns.length > best.ns.length)) best = { ns, level: v.level };
    }
    return best?.level ?? this.root.level;
  }

  /** Every known logger (and root) with its level, sorted by name (`GET /admin/loggers`). */
  allLevels(): Record<string, LoggerLevel> {
    const out: Record<string, LoggerLevel> = { [ROOT_LOGGER_NAME]: { level: kafkaLevel(this.root.level), last_modified: this.rootLastModified } };
    for (const name of [...this.names()].sort()) out[name] = this.level(name)!;
    return out;
  }

  /** `GET /admin/loggers/{name}`; null when no such logger exists. */
  level(name: string): LoggerLevel | null {
    if (name === ROOT_LOGGER_NAME) return { level: kafkaLevel(this.root.level), last_modified: this.rootLastModified };
    if (!this.names().has(name)) return null;
    return { level: kafkaLevel(this.effectiveLevel(name)), last_modified: this.explicit.get(name)?.lastModified ?? null };
  }

  /**
   * Sets `level` on the namespace and every logger under it (all loggers for `root`); returns
   * the affected logger names, sorted. Throws for a level log4j would not know.
   */
  setLevel(namespace: string, level: string): string[] {
    const pinoLevel = LEVELS[level.toUpperCase()];
    if (!pinoLevel) throw new Error(`invalid log level '${level}'.`);
    const now = Date.now();
    const affected = namespace === ROOT_LOGGER_NAME ? [...this.names()] : [...this.names()].filter((n) => n.startsWith(namespace));
    if (namespace === ROOT_LOGGER_NAME) {
      this.root.level = pinoLevel;
      this.rootLastModified = now;
      this.explicit.clear();
    } else if (!affected.includes(namespace)) {
      affected.push(namespace);
      this.instances.set(namespace, new Set());
    }
    for (const name of affected) {
      this.explicit.set(name, { level: pinoLevel, lastModified: now });
      for (const ref of this.instances.get(name) ?? []) {
        const l = ref.deref();
        if (l) l.level = pinoLevel;
      }
    }
    if (namespace !== ROOT_LOGGER_NAME) this.explicit.set(namespace, { level: pinoLevel, lastModified: now });
    return namespace === ROOT_LOGGER_NAME ? [ROOT_LOGGER_NAME, ...affected].sort() : affected.sort();
  }

  private names(): Set<string> {
    for (const [name, refs] of this.instances) {
      for (const r of refs) if (!r.deref()) refs.delete(r);
      if (refs.size === 0 && !this.explicit.has(name)) this.instances.delete(name);
    }
    return new Set(this.instances.keys());
  }
}

function kafkaLevel(pinoLevel: string): string {
  return PINO_TO_KAFKA[pinoLevel] ?? pinoLevel.toUpperCase();
}

/** Logger names used by the runtime, as Kafka Connect's classes. */
export const LOGGER_NAMES = {
  worker: 'org.apache.kafka.connect.runtime.Worker',
  connector: 'org.apache.kafka.connect.runtime.WorkerConnector',
  sourceTask: 'org.apache.kafka.connect.runtime.WorkerSourceTask',
  sinkTask: 'org.apache.kafka.connect.runtime.WorkerSinkTask',
  logReporter: 'org.apache.kafka.connect.runtime.errors.LogReporter',
  dlqReporter: 'org.apache.kafka.connect.runtime.errors.DeadLetterQueueReporter',
} as const;
