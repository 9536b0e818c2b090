import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plugin } from '@tsconnect/sdk';
import type { ProduceRecord } from './test-kafka.js';
import { uniqueName } from './unique-name.js';

/** What one check runs against: fresh names and a temp dir, so checks never share state. */
export interface ConformanceContext {
  /** The connector name (unique per check). */
  readonly name: string;
  /** A unique topic, created with 1 partition before the connector starts (so order is total). */
  readonly topic: string;
  /** A temp directory for files the connector reads or writes; removed after the check. */
  readonly dir: string;
  readonly bootstrapServers: string;
}

type MaybePromise<T> = T | Promise<T>;

export interface ConformanceOptionsBase {
  /** e.g. `() => testEnv('KAFKA_BOOTSTRAP')`; a function so a missing test-env fails inside the test. */
  readonly bootstrapServers: string | (() => string);
  /**
   * A working connector config for `ctx` (without `name`/`connector.class`; for sinks `topics` is
   * added). A source must write to `ctx.topic`.
   */
  config(ctx: ConformanceContext): MaybePromise<Record<string, string>>;
  /** Extra plugins the worker needs (converters, transformations, …). */
  readonly plugins?: readonly Plugin[];
  /** Worker props on top of the kit's defaults (schemaless JSON converters, quiet logs). */
  readonly workerProps?: Readonly<Record<string, string>>;
  /** How long a task may take to stop (default 10 s). */
  readonly stopDeadlineMs?: number;
  /** How long to wait for data to show up (default 45 s). */
  readonly timeoutMs?: number;
  /**
   * Optional: a config that passes validation but makes the connector's own code fail at runtime
   * (an unreachable server, a file in a missing directory …); the error check then also expects
   * FAILED with a trace for it.
   */
  failingConfig?(ctx: ConformanceContext): MaybePromise<Record<string, string>>;
  /** What that trace must match. */
  readonly expectedTrace?: RegExp;
  /** Called after each check (drop tables …). */
  cleanup?(ctx: ConformanceContext): MaybePromise<void>;
}

/** A record the source must have written; `key`/`headers` are compared only when given. */
export interface ExpectedRecord {
  readonly key?: string | null;
  readonly value: string | null;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface SourceConformanceOptions extends ConformanceOptionsBase {
  /**
   * Make new data appear in the external system (append lines, insert rows). Called before the
   * connector first starts (round 0) and again before it restarts (round 1). Leave it out for a
   * source that generates data itself.
   */
  produceSomeData?(ctx: ConformanceContext, round: number): MaybePromise<void>;
  /**
   * The first `count` records the connector must write to `ctx.topic`, in order, as the kit's
   * converters render them (default: schemaless JSON, so a string value "a" is the text `"a"`).
   * Return fewer when the data has fewer (a file with 10 lines: always those 10).
   */
  expectedRecords(ctx: ConformanceContext, count: number): MaybePromise<readonly ExpectedRecord[]>;
  /** Records to wait for per round (default 5). */
  readonly recordsPerRound?: number;
}

export interface SinkConformanceOptions extends ConformanceOptionsBase {
  /** Records to produce to `ctx.topic` in round 0 and round 1 (as the worker's converters expect them). */
  records(ctx: ConformanceContext, round: number): MaybePromise<readonly ProduceRecord[]>;
  /** Reads what the sink wrote to the external system (file lines, table rows …). */
  readBack(ctx: ConformanceContext): Promise<unknown>;
  /** What `readBack` must return once `rounds` rounds of `records` were written (1 or 2). */
  expectedReadBack(ctx: ConformanceContext, rounds: number): MaybePromise<unknown>;
}

export interface Resolved<O extends ConformanceOptionsBase> {
  readonly options: O;
  readonly bootstrapServers: string;
  readonly stopDeadlineMs: number;
  readonly timeoutMs: number;
}

export function resolveOptions<O extends ConformanceOptionsBase>(options: O): Resolved<O> {
  const bootstrapServers = typeof options.bootstrapServers === 'function' ? options.bootstrapServers() : options.bootstrapServers;
  return { options, bootstrapServers, stopDeadlineMs: options.stopDeadlineMs ?? 10_000, timeoutMs: options.timeoutMs ?? 45_000 };
}

/** Runs `body` with a fresh context, then the user's cleanup and the temp dir removal. */
export async function withContext<O extends ConformanceOptionsBase, T>(
  r: Resolved<O>, prefix: string, body: (ctx: ConformanceContext) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), `tsconnect-conformance-${prefix}-`));
  const ctx: ConformanceContext = { name: uniqueName(`${prefix}_c`), topic: uniqueName(`${prefix}_t`), dir, bootstrapServers: r.bootstrapServers };
  try {
    return await body(ctx);
  } finally {
    try {
      await r.options.cleanup?.(ctx);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** Throws `message` unless `condition`: checks fail with a sentence, not a bare boolean diff. */
export function ensure(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Races `promise` against `ms`; the error says what did not finish. */
export async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms); }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
