import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { testEnv } from '@tsconnect/test-support';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const EXAMPLE = resolve(here, '../../../examples/my-connector');
const RUNTIME = resolve(here, '../../runtime/dist/index.js');

/** The child gets a clean environment: no VITEST_* variables that would make a nested vitest think it is a worker. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_OPTIONS')), ...extra };
}

describe('examples/my-connector, a third-party connector package', () => {
  it('builds, and a worker loads it by package name through plugin.path (after `npm install`)', async () => {
    await run('npm', ['run', '--silent', 'build'], { cwd: EXAMPLE, env: childEnv({}) });
    // What `npm install ./examples/my-connector` next to a worker leaves: node_modules/my-connector.
    const app = await mkdtemp(join(tmpdir(), 'tsconnect-plugin-path-'));
    try {
      await mkdir(join(app, 'node_modules'));
      await symlink(EXAMPLE, join(app, 'node_modules', 'my-connector'), 'dir');
      const script = `import { PluginRegistry, loadPluginPath } from ${JSON.stringify(pathToFileURL(RUNTIME).href)};
        const registry = new PluginRegistry();
        await loadPluginPath(registry, ['my-connector']);
        console.log(JSON.stringify({ list: registry.list(), short: [registry.find('RandomNumberSource')?.className, registry.find('LogSink')?.className] }));`;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: app, env: childEnv({}) });
      expect(JSON.parse(stdout)).toEqual({
        list: [
          { class: 'com.example.LogSinkConnector', type: 'sink', version: '1.0.0' },
          { class: 'com.example.RandomNumberSourceConnector', type: 'source', version: '1.0.0' },
        ],
        short: ['com.example.RandomNumberSourceConnector', 'com.example.LogSinkConnector'],
      });
    } finally {
      await rm(app, { recursive: true, force: true });
    }
  }, 120_000);

  it("passes the kit's conformance suites: its own `npm test` against the real broker", async () => {
    const result = await run('npm', ['run', '--silent', 'test'], {
      cwd: EXAMPLE, env: childEnv({ KAFKA_BOOTSTRAP: testEnv('KAFKA_BOOTSTRAP'), NO_COLOR: '1', FORCE_COLOR: '0' }), maxBuffer: 16 * 1024 * 1024,
    }).catch((e: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`examples/my-connector npm test failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
    });
    // NO_COLOR keeps ANSI codes out of the summary line.
    const summary = result.stdout;
    // 6 source checks + 6 sink checks + 1 unit test.
    expect(summary).toMatch(/Tests\s+13 passed \(13\)/);
  }, 300_000);
});
