import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from '@tsconnect/sdk';
import type { PluginRegistry } from './plugin-registry.js';

/**
 * Imports each npm package named in `plugin.path` and registers its `tsconnectPlugins` export.
 * Packages resolve from the runtime first, then from the current directory (the app's
 * node_modules), so `npm install my-connector` next to the worker is enough.
 */
export async function loadPluginPath(registry: PluginRegistry, packages: readonly string[]): Promise<void> {
  for (const name of packages) {
    const mod = await importPackage(name);
    const plugins = (mod as { tsconnectPlugins?: unknown }).tsconnectPlugins;
    if (!Array.isArray(plugins)) {
      throw new Error(`Invalid value ${name} for configuration plugin.path: package does not export "tsconnectPlugins" (an array of Plugin)`);
    }
    registry.register(...(plugins as Plugin[]));
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
