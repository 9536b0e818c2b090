import { ConfigDef, Validators } from '@tsconnect/sdk';

/**
 * Worker keys of the runtime's extras (config providers, automatic task restarts, REST
 * security). Kept apart from the standalone/distributed keys so every worker mode shares them.
 */
export const WORKER_EXTRAS_DEF = new ConfigDef()
  .define({ name: 'config.providers', type: 'LIST', defaultValue: '', importance: 'LOW',
    documentation: 'Names of config providers, e.g. env,file; each needs config.providers.<name>.class.' })
  .define({ name: 'task.auto.restart.enable', type: 'BOOLEAN', defaultValue: false, importance: 'LOW',
    documentation: 'Restart FAILED tasks automatically with exponential backoff (a connector may override it).' })
  .define({ name: 'task.auto.restart.backoff.initial.ms', type: 'LONG', defaultValue: 1_000, validator: Validators.atLeast(0), importance: 'LOW',
    documentation: 'Delay before the first automatic restart; doubles per consecutive failure.' })
  .define({ name: 'task.auto.restart.backoff.max.ms', type: 'LONG', defaultValue: 60_000, validator: Validators.atLeast(0), importance: 'LOW',
    documentation: 'Upper bound of the restart delay; a task that ran this long before failing starts again from the initial delay.' })
  .define({ name: 'task.auto.restart.max.attempts', type: 'INT', defaultValue: -1, validator: Validators.atLeast(-1), importance: 'LOW',
    documentation: 'Consecutive automatic restarts before giving up (-1: no limit).' })
  .define({ name: 'rest.basic.auth.user.info', type: 'PASSWORD', defaultValue: null, importance: 'MEDIUM',
    documentation: 'user:password[,user2:password2] for HTTP basic authentication on the REST API (off when unset).' })
  .define({ name: 'listeners.https.ssl.key.pem.location', type: 'STRING', defaultValue: null, importance: 'MEDIUM',
    documentation: 'PEM private key of an https:// listener (or ssl.key.pem.location).' })
  .define({ name: 'listeners.https.ssl.cert.pem.location', type: 'STRING', defaultValue: null, importance: 'MEDIUM',
    documentation: 'PEM certificate (chain) of an https:// listener (or ssl.cert.pem.location).' })
  .define({ name: 'listeners.https.ssl.key.password', type: 'PASSWORD', defaultValue: null, importance: 'LOW',
    documentation: 'Passphrase of an encrypted PEM key (or ssl.key.password).' });

export interface TaskRestartPolicy {
  readonly enabled: boolean;
  readonly initialMs: number;
  readonly maxMs: number;
  readonly maxAttempts: number;
}

/** The restart policy of a connector's tasks: connector keys override the worker's. */
export function taskRestartPolicy(worker: Readonly<Record<string, string>>, connector: Readonly<Record<string, string>>): TaskRestartPolicy {
  const keys = ['task.auto.restart.enable', 'task.auto.restart.backoff.initial.ms', 'task.auto.restart.backoff.max.ms', 'task.auto.restart.max.attempts'];
  const merged: Record<string, string> = {};
  for (const k of keys) {
    const v = connector[k] ?? worker[k];
    if (v !== undefined) merged[k] = v;
  }
  const c = WORKER_EXTRAS_DEF.parse(merged);
  return {
    enabled: c.boolean('task.auto.restart.enable'),
    initialMs: c.long('task.auto.restart.backoff.initial.ms'),
    maxMs: c.long('task.auto.restart.backoff.max.ms'),
    maxAttempts: c.int('task.auto.restart.max.attempts'),
  };
}
