import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from '@tsconnect/sdk';
import { pino, type Logger } from 'pino';
import type { PluginRegistry } from './plugin-registry.js';

/**
 * Imports each npm package named in `plugin.path` and registers its `tsconnectPlugins` export.
 * Packages resolve from the runtime first, then from the current directory (the app's
 * node_modules), so `npm install my-connector` next to the worker is enough.
 *
 * An entry that is a filesystem path (absolute, or starting with `.`) is Kafka's meaning of
 * plugin.path, a directory: it is scanned for npm packages (the directory itself, its
 * subdirectories and its node_modules) exporting `tsconnectPlugins`. Java plugin directories
 * (e.g. `/usr/share/java` of the Confluent images) hold none: such an entry, a missing one or
 * a file is skipped with a warning, so a Kafka worker config starts unchanged.
 */
export async function loadPluginPath(registry: PluginRegistry, packages: readonly string[], logger?: Logger): Promise<void> {
  for (const name of packages) {
    if (isAbsolute(name) || name.startsWith('.')) {
      await loadPluginDirectory(registry, name, logger ?? pino({ name: 'tsconnect' }).child({ component: 'plugin-path' }));
      continue;
    }
    const mod = await importPackage(name);
    const plugins = (mod as { tsconnectPlugins?: unknown }).tsconnectPlugins;
    if (!Array.isArray(plugins)) {
      throw new Error(`Invalid value ${name} for configuration plugin.path: package does not export "tsconnectPlugins" (an array of Plugin)`);
    }
    registry.register(...(plugins as Plugin[]));
  }
}

async function loadPluginDirectory(registry: PluginRegistry, dir: string, log: Logger): Promise<void> {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    log.warn(`plugin.path entry ${dir} does not exist; ignored`);
    return;
  }
  if (!isDir) {
    log.warn(`plugin.path entry ${dir} is not a directory (tsconnect cannot load Java archives); ignored`);
    return;
  }
  const candidates = [dir];
  for (const base of [dir, join(dir, 'node_modules')]) {
    for (const child of safeReaddir(base)) {
      const path = join(base, child);
      if (child.startsWith('@')) candidates.push(...safeReaddir(path).map((c) => join(path, c)));
      else candidates.push(path);
    }
  }
  let found = 0;
  for (const pkgDir of candidates) {
    if (!existsSync(join(pkgDir, 'package.json'))) continue;
    try {
      const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { exports?: unknown; main?: string };
      const mod = await import(pathToFileURL(join(pkgDir, rootExport(pkg.exports) ?? pkg.main ?? 'index.js')).href) as { tsconnectPlugins?: unknown };
      if (!Array.isArray(mod.tsconnectPlugins)) continue;
      registry.register(...(mod.tsconnectPlugins as Plugin[]));
      found++;
    } catch (e) {
      log.warn({ err: e }, `plugin.path: could not load the package in ${pkgDir}; ignored`);
    }
  }
  if (found === 0) {
    log.warn(`plugin.path entry ${dir} holds no npm package exporting tsconnectPlugins (Java plugin directories cannot be loaded by tsconnect); ignored`);
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() || d.isSymbolicLink()).map((d) => d.name).sort();
  } catch {
    return [];
  }
}

async function importPackage(name: string): Promise<unknown> {
  try {
    return await import(name);
  } catch (first) {
    const entry = esmEntryFromCwd(name);
    if (!entry) throw new Error(`Invalid value ${name} for configuration plugin.path: cannot import package: ${(first as Error).message}`);
    return import(pathToFileURL(entry).href);
  }
}

/**
 * The ESM entry of `name` installed in a node_modules folder at or above the current directory.
 * Done by hand because Node 20 can neither resolve ESM from another directory
 * (`import.meta.resolve` has no parent argument) nor let `require.resolve` use an exports map
 * that only has an `import` condition.
 */
function esmEntryFromCwd(name: string): string | undefined {
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    const pkgDir = join(dir, 'node_modules', name);
    if (existsSync(join(pkgDir, 'package.json'))) {
      const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { exports?: unknown; main?: string };
      return join(pkgDir, rootExport(pkg.exports) ?? pkg.main ?? 'index.js');
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** The "." export for an importer: a string, or the `import`/`default` condition. */
function rootExport(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (!exports || typeof exports !== 'object') return undefined;
  const root = '.' in exports ? (exports as Record<string, unknown>)['.'] : exports;
  if (typeof root === 'string') return root;
  const conditions = root as Record<string, unknown> | undefined;
  const picked = conditions?.['import'] ?? conditions?.['default'];
  return typeof picked === 'string' ? picked : rootExport(picked);
}
