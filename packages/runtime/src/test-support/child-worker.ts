import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'rolldown';

/** Bundles a test-support main from src (no build step needed) next to a copy of package.json. */
export async function bundleMain(pkgDir: string, entry: string, name: string): Promise<string> {
  const bundleDir = join(pkgDir, 'node_modules/.cache/tsconnect-it');
  const file = join(bundleDir, 'bin', `${name}-${process.pid}.mjs`);
  // The runtime reads its version from '../package.json' relative to the module.
  mkdirSync(join(bundleDir, 'bin'), { recursive: true });
  writeFileSync(join(bundleDir, 'package.json'), readFileSync(join(pkgDir, 'package.json')));
  // kafkajs is CommonJS and Node's ESM loader does not see all its named exports
  // (CompressionCodecs): route `import … from 'kafkajs'` through a shim that destructures the
  // default export of the one node_modules copy (the runtime patches that copy at load).
  const require = createRequire(join(pkgDir, 'package.json'));
  const kafkajsMain = require.resolve('kafkajs');
  const names = Object.keys(require('kafkajs') as object).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
  const shim = `import k from ${JSON.stringify(kafkajsMain)};\nexport const { ${names.join(', ')} } = k;\nexport default k;\n`;
  await build({
    input: entry, platform: 'node',
    external: (id) => id === kafkajsMain || (!id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && id !== 'kafkajs'),
    plugins: [{
      name: 'kafkajs-shim',
      resolveId: (id) => (id === 'kafkajs' ? '\0kafkajs-shim' : null),
      load: (id) => (id === '\0kafkajs-shim' ? shim : null),
    }],
    output: { file, format: 'esm' }, logLevel: 'silent',
  });
  return file;
}

export interface ChildWorker {
  readonly proc: ChildProcess;
  readonly restUrl: string;
  readonly log: string;
  /** kill -9, resolves once the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (clean stop), resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Spawns `node bundle ...args`, waits for its `READY <restUrl>` line. */
export async function spawnWorker(bundle: string, args: readonly string[], cwd: string, log: string): Promise<ChildWorker> {
  const proc = spawn(process.execPath, [bundle, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info' } });
  proc.stderr!.pipe(createWriteStream(log, { flags: 'a' }));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const restUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('READY '));
      if (line) resolve(line.split(' ')[1]!);
    });
    void exited.then((code) => reject(new Error(`worker exited with ${code} before READY; see ${log}`)));
  });
  return {
    proc, restUrl, log,
    async kill9() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      return exited;
    },
  };
}
