import { NO_DEFAULT, type ConfigDef, type ConfigInfos, type SinkConnectorPlugin, type SourceConnectorPlugin } from '@tsconnect/sdk';
import { ensure, withContext, type ConformanceContext, type ConformanceOptionsBase, type Resolved } from './conformance-options.js';
import { startTestWorker } from './test-worker.js';

type ConnectorPlugin = SourceConnectorPlugin | SinkConnectorPlugin;

/** Loose semver (`1.2.3`, `1.2.3-beta.1`, `1.2.3+build`): what `GET /connector-plugins` shows. */
const VERSION = /^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/;

/** The full connector config a check submits: the user's config plus `name`, `connector.class` (and `topics`). */
export async function fullConfig(plugin: ConnectorPlugin, r: Resolved<ConformanceOptionsBase>, ctx: ConformanceContext): Promise<Record<string, string>> {
  const base = await r.options.config(ctx);
  return {
    'connector.class': plugin.className,
    'tasks.max': '1',
    ...(plugin.type === 'sink' ? { topics: ctx.topic } : {}),
    ...base,
    name: ctx.name,
  };
}

/**
 * Versions: the plugin descriptor, the connector and its task report the same kind of version
 * string (x.y.z), the connector's equals the descriptor's, and the worker lists the plugin under
 * its class name with that version in `GET /connector-plugins`.
 */
export async function checkVersions(plugin: ConnectorPlugin, r: Resolved<ConformanceOptionsBase>): Promise<void> {
  ensure(VERSION.test(plugin.version), `plugin ${plugin.className}: version "${plugin.version}" is not a version string like 1.2.3`);
  const connector = plugin.create();
  ensure(connector.type === plugin.type, `plugin ${plugin.className} is declared as ${plugin.type} but create() returned a ${connector.type} connector`);
  ensure(connector.version() === plugin.version,
    `connector.version() is "${connector.version()}" but the plugin descriptor says "${plugin.version}"; the worker shows the descriptor's`);
  const task = new (connector.taskClass())();
  const taskVersion = task.version();
  ensure(typeof taskVersion === 'string' && VERSION.test(taskVersion), `task.version() is "${String(taskVersion)}", not a version string like 1.2.3`);

  const worker = await startTestWorker({ bootstrapServers: r.bootstrapServers, plugins: [plugin, ...(r.options.plugins ?? [])], workerProps: r.options.workerProps ?? {} });
  try {
    const listed = await worker.rest<{ class: string; type: string; version: string }[]>('GET', '/connector-plugins');
    const entry = listed.find((p) => p.class === plugin.className);
    ensure(entry, `GET /connector-plugins does not list ${plugin.className}: ${JSON.stringify(listed)}`);
    ensure(entry.type === plugin.type && entry.version === plugin.version,
      `GET /connector-plugins lists ${JSON.stringify(entry)}, expected type ${plugin.type} and version ${plugin.version}`);
  } finally {
    await worker.stop();
  }
}

function isConfigDef(value: unknown): value is ConfigDef {
  const v = value as Partial<ConfigDef> | null;
  return !!v && typeof v.configKeys === 'function' && typeof v.validate === 'function' && typeof v.parse === 'function';
}

function errorsOf(infos: ConfigInfos, key: string): string[] {
  return infos.configs.find((c) => c.value.name === key)?.value.errors ?? [];
}

function allErrors(infos: ConfigInfos): string {
  return infos.configs.filter((c) => c.value.errors.length > 0).map((c) => `${c.value.name}: ${c.value.errors.join('; ')}`).join(' | ');
}

/**
 * Config validation, through the worker's `PUT /connector-plugins/{class}/config/validate` (which
 * runs `config()` and the connector's own `validate`, as Kafka Connect does):
 * - `config()` returns a ConfigDef and every key has documentation (it is the connector's manual);
 * - the working config validates with 0 errors;
 * - leaving out each required key (no default) gives an error on that key naming it;
 * - a non-numeric value for each INT/SHORT/LONG/DOUBLE key and a non-boolean for each BOOLEAN key
 *   gives an error on that key naming the key and the bad value.
 */
export async function checkConfigValidation(plugin: ConnectorPlugin, r: Resolved<ConformanceOptionsBase>): Promise<void> {
  const def: unknown = plugin.create().config();
  ensure(isConfigDef(def), `connector.config() must return a ConfigDef (from @tsconnect/sdk), got ${Object.prototype.toString.call(def)}`);
  const keys = def.configKeys();
  const undocumented = keys.filter((k) => !k.documentation || k.documentation.trim() === '').map((k) => k.name);
  ensure(undocumented.length === 0, `config keys without documentation: ${undocumented.join(', ')}`);

  await withContext(r, 'cfg', async (ctx) => {
    const good = await fullConfig(plugin, r, ctx);
    const worker = await startTestWorker({ bootstrapServers: r.bootstrapServers, plugins: [plugin, ...(r.options.plugins ?? [])], workerProps: r.options.workerProps ?? {} });
    try {
      const ok = await worker.validateConfig(plugin.className, good);
      ensure(ok.error_count === 0, `the working config from options.config() has ${ok.error_count} validation error(s): ${allErrors(ok)}`);
      ensure(ok.name === plugin.className || ok.name.endsWith(plugin.className.slice(plugin.className.lastIndexOf('.') + 1)),
        `validate answered for "${ok.name}", expected ${plugin.className}`);

      for (const key of keys.filter((k) => k.defaultValue === NO_DEFAULT)) {
        const { [key.name]: _removed, ...without } = good;
        const infos = await worker.validateConfig(plugin.className, without);
        const errors = errorsOf(infos, key.name);
        ensure(infos.error_count > 0 && errors.length > 0, `leaving out required key "${key.name}" gave no error on that key (error_count ${infos.error_count})`);
        ensure(errors.some((e) => e.includes(key.name)), `the error for missing "${key.name}" does not name the key: ${errors.join('; ')}`);
      }

      for (const key of keys.filter((k) => ['INT', 'SHORT', 'LONG', 'DOUBLE', 'BOOLEAN'].includes(k.type))) {
        const bad = key.type === 'BOOLEAN' ? 'not-a-boolean' : 'not-a-number';
        const infos = await worker.validateConfig(plugin.className, { ...good, [key.name]: bad });
        const errors = errorsOf(infos, key.name);
        ensure(errors.length > 0, `${key.type} key "${key.name}"="${bad}" was accepted by validate`);
        ensure(errors.some((e) => e.includes(key.name) && e.includes(bad)), `the error for ${key.name}="${bad}" does not name key and value: ${errors.join('; ')}`);
      }
    } finally {
      await worker.stop();
    }
  });
}
