import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPluginPath } from './plugin-path.js';
import { PluginRegistry } from './plugin-registry.js';

const cwd = process.cwd();
afterEach(() => process.chdir(cwd));

/** An app folder with `npm install`ed `name` whose exports map has only an `import` condition. */
function appWithPackage(name: string, source: string): string {
  const app = mkdtempSync(join(tmpdir(), 'plugin-path-'));
  const pkgDir = join(app, 'node_modules', name);
  mkdirSync(join(pkgDir, 'dist'), { recursive: true });
  writeFileSync(join(pkgDir, 'package.json'), JSON.stringify({ name, type: 'module', exports: { '.': { import: './dist/index.js' } } }));
  writeFileSync(join(pkgDir, 'dist', 'index.js'), source);
  mkdirSync(join(app, 'deep', 'er'), { recursive: true });
  return app;
}

describe('loadPluginPath', () => {
  it('imports a package installed next to the app, even with an import-only exports map', async () => {
    const app = appWithPackage('my-plugins', `export const tsconnectPlugins = [
      { type: 'source', className: 'com.example.MySource', version: '1.2.3', create: () => ({}) },
    ];`);
    process.chdir(join(app, 'deep', 'er'));
    const registry = new PluginRegistry();
    await loadPluginPath(registry, ['my-plugins']);
    expect(registry.list()).toEqual([{ class: 'com.example.MySource', type: 'source', version: '1.2.3' }]);
  });

  it('names the package when it has no tsconnectPlugins export or cannot be found', async () => {
    process.chdir(appWithPackage('not-plugins', 'export const something = 1;'));
    await expect(loadPluginPath(new PluginRegistry(), ['not-plugins'])).rejects.toThrow(
      'Invalid value not-plugins for configuration plugin.path: package does not export "tsconnectPlugins" (an array of Plugin)');
    await expect(loadPluginPath(new PluginRegistry(), ['no-such-package-xyz'])).rejects.toThrow(
      /^Invalid value no-such-package-xyz for configuration plugin.path: cannot import package/);
  });

  it('scans a directory entry for npm packages and skips Java plugin directories with a warning', async () => {
    const app = appWithPackage('dir-plugins', `export const tsconnectPlugins = [
      { type: 'sink', className: 'com.example.DirSink', version: '0.0.1', create: () => ({}) },
    ];`);
    const java = mkdtempSync(join(tmpdir(), 'java-plugins-'));
    mkdirSync(join(java, 'kafka-connect-jdbc'));
    writeFileSync(join(java, 'kafka-connect-jdbc', 'kafka-connect-jdbc-10.7.jar'), 'PK');
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (l: string) => { lines.push((JSON.parse(l) as { msg: string }).msg); } });
    const registry = new PluginRegistry();
    await loadPluginPath(registry, [app, java, join(java, 'missing'), join(java, 'kafka-connect-jdbc', 'kafka-connect-jdbc-10.7.jar')], logger);
    expect(registry.list()).toEqual([{ class: 'com.example.DirSink', type: 'sink', version: '0.0.1' }]);
    expect(lines).toEqual([
      `plugin.path entry ${java} holds no npm package exporting tsconnectPlugins (Java plugin directories cannot be loaded by tsconnect); ignored`,
      `plugin.path entry ${join(java, 'missing')} does not exist; ignored`,
      `plugin.path entry ${join(java, 'kafka-connect-jdbc', 'kafka-connect-jdbc-10.7.jar')} is not a directory (tsconnect cannot load Java archives); ignored`,
    ]);
  });
});
