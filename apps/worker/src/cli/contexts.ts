import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ConnectTarget } from './client.js';
import { CliError, type CliIo } from './io.js';

/** One cluster: its REST URL and optional basic-auth credentials. */
export interface ContextEntry {
  url: string;
  user?: string;
  password?: string;
}

/** `~/.tsconnect/config.json` (kcctl keeps the same in ~/.kcctl). */
export interface CliConfig {
  'current-context'?: string;
  contexts: Record<string, ContextEntry>;
}

/** kcctl's and Kafka Connect's default listener. */
export const DEFAULT_URL = 'http://localhost:8083';

export function configPath(io: CliIo): string {
  return io.env['TSCONNECT_CONFIG'] || join(io.env['HOME'] || homedir(), '.tsconnect', 'config.json');
}

export async function loadConfig(io: CliIo): Promise<CliConfig> {
  const path = configPath(io);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { contexts: {} };
    throw new CliError(`Cannot read the CLI config ${path}: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new CliError(`Invalid JSON in the CLI config ${path}: ${(e as Error).message}`);
  }
  const contexts = (parsed as { contexts?: unknown } | null)?.contexts;
  if (!parsed || typeof parsed !== 'object' || (contexts !== undefined && (typeof contexts !== 'object' || contexts === null))) {
    throw new CliError(`Invalid CLI config ${path}: expected {"current-context": "…", "contexts": {"<name>": {"url": "…"}}}`);
  }
  return { ...(parsed as CliConfig), contexts: (contexts ?? {}) as Record<string, ContextEntry> };
}

/** Written with mode 0600: it may hold passwords. */
export async function saveConfig(io: CliIo, config: CliConfig): Promise<void> {
  const path = configPath(io);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, path);
}

export interface TargetOptions {
  url?: string;
  context?: string;
}

/**
 * `--url` wins (without stored credentials: they belong to another cluster), then `--context`,
 * the current context, `TSCONNECT_URL`, and http://localhost:8083.
 */
export async function resolveTarget(io: CliIo, o: TargetOptions): Promise<ConnectTarget> {
  if (o.url !== undefined && o.context === undefined) return { url: checkUrl(o.url, '--url') };
  const config = await loadConfig(io);
  const name = o.context ?? config['current-context'];
  if (name !== undefined) {
    const entry = config.contexts[name];
    if (!entry) throw new CliError(`Unknown context ${name}: known contexts are ${knownContexts(config)} (see 'tsconnect config get-contexts')`);
    return {
      url: checkUrl(o.url ?? entry.url, o.url !== undefined ? '--url' : `url of context ${name}`),
      ...(entry.user !== undefined ? { user: entry.user } : {}),
      ...(entry.password !== undefined ? { password: entry.password } : {}),
      context: name,
    };
  }
  const env = io.env['TSCONNECT_URL'];
  return { url: env ? checkUrl(env, 'TSCONNECT_URL') : DEFAULT_URL };
}

export function knownContexts(config: CliConfig): string {
  const names = Object.keys(config.contexts);
  return names.length === 0 ? '(none)' : names.join(', ');
}

export function checkUrl(url: string, what: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(`Invalid value ${url} for ${what}: expected an http:// or https:// URL such as ${DEFAULT_URL}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new CliError(`Invalid value ${url} for ${what}: expected an http:// or https:// URL such as ${DEFAULT_URL}`);
  }
  return url;
}
