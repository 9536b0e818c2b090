import { createRequire } from 'node:module';
import { join } from 'node:path';
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
    try {
      const resolved = createRequire(join(process.cwd(), 'noop.js')).resolve(name);
      return await import(pathToFileURL(resolved).href);
    } catch {
      throw new Error(`Invalid value ${name} for configuration plugin.path: cannot import package: ${(first as Error).message}`);
    }
  }
}
