import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'rolldown';

/**
 * Child-process workers for exactly-once.it.test.ts (kill -9 needs a process of its own). The main
 * is bundled from src with the workspace packages; kafkajs stays the one node_modules copy, reached
 * through a shim because Node's ESM loader does not see all of its CommonJS named exports.
 */
export async function bundleWorkerMain(pkgDir: string, entry: string): Promise<string> {
  const bundleDir = join(pkgDir, 'node_modules/.cache/tsconnect-eos-it');
  const file = join(bundleDir, 'bin', `eos-worker-${process.pid}.mjs`);
  mkdirSync(dirname(file), { recursive: true });
  // The runtime reads its version from '../package.json' next to the module.
  const require = createRequire(join(pkgDir, 'package.json'));
  // (its exports map has no require condition: find its package.json by walking up node_modules)
  let dir = pkgDir;
  while (!existsSync(join(dir, 'node_modules/@tsconnect/runtime/package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  writeFileSync(join(bundleDir, 'package.json'), readFileSync(join(dir, 'node_modules/@tsconnect/runtime/package.json')));
  const kafkajsMain = require.resolve('kafkajs');
  const names = Object.keys(require('kafkajs') as object).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
  const shim = `import k from ${JSON.stringify(kafkajsMain)};\nexport const { ${names.join(', ')} } = k;\nexport default k;\n`;
  await build({
    input: entry, platform: 'node',
    external: (id) => id === kafkajsMain || (!id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !id.startsWith('@tsconnect/') && id !== 'kafkajs'),
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
  kill9(): Promise<void>;
  stop(): Promise<number | null>;
}

export async function spawnWorker(bundle: string, args: readonly string[], cwd: string, log: string): Promise<ChildWorker> {
  const proc = spawn(process.execPath, [bundle, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info' } });
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
  const alive = () => proc.exitCode === null && proc.signalCode === null;
  return {
    proc, restUrl,
    async kill9() { if (alive()) proc.kill('SIGKILL'); await exited; },
    async stop() { if (alive()) proc.kill('SIGTERM'); return exited; },
  };
}
