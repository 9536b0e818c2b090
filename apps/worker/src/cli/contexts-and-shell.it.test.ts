import { execFile, execFileSync } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandaloneWorker } from '@tsconnect/runtime';
import { uniqueName, waitFor } from '@tsconnect/test-support';
import { cli, closedPort, startCliWorker, tableCells } from './cli.test-support.js';

const appDir = fileURLToPath(new URL('../../', import.meta.url));
const cliJs = join(appDir, 'dist/cli.js');
const REFUSED = (url: string, ctx: string) =>
  `tsconnect: Could not connect to Kafka Connect at ${url} (context "${ctx}"): connection refused. Is the worker running? Set another URL with --url or 'tsconnect config set-context'.\n`;

let worker: StandaloneWorker;
let dir: string;
let configFile: string;
let deadUrl: string;
const env = () => ({ TSCONNECT_CONFIG: configFile, HOME: dir });
const run = (...args: string[]) => cli(env(), ...args);

beforeAll(async () => {
  // The spawn and completion tests run the built bin: build this app (its deps are built already).
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: appDir, stdio: 'inherit' });
  ({ worker, dir } = await startCliWorker({ 'rest.basic.auth.user.info': 'admin:pa:ss' }));
  configFile = join(dir, 'cli', 'config.json');
  deadUrl = `http://127.0.0.1:${await closedPort()}`;
});
afterAll(async () => {
  await worker?.stop();
});

describe('config contexts (TSCONNECT_CONFIG file)', () => {
  it('starts empty', async () => {
    expect(await run('config', 'get-contexts')).toEqual({ code: 0, stdout: 'CURRENT   NAME   URL   USER\n', stderr: '' });
    expect(await run('config', 'get-contexts', '-o', 'json')).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    expect(await run('config', 'current-context')).toEqual({ code: 1, stdout: '', stderr: `tsconnect: No current context in ${configFile}: add one with 'tsconnect config set-context <name> --url <url>'\n` });
  });

  it('set-context: the first becomes current; the worker wants credentials', async () => {
    expect(await run('config', 'set-context', 'local', '--url', worker.restUrl))
      .toEqual({ code: 0, stdout: `Created context local (${worker.restUrl}); it is now the current context\n`, stderr: '' });
    expect(await run('get', 'connectors')).toEqual({ code: 1, stdout: '', stderr: 'tsconnect: Credentials are required to access this resource. (HTTP 401)\n' });
    expect(await run('config', 'set-context', 'local', '--user', 'admin', '--password', 'wrong'))
      .toEqual({ code: 0, stdout: `Updated context local (${worker.restUrl})\n`, stderr: '' });
    expect(await run('get', 'connectors')).toEqual({ code: 1, stdout: '', stderr: 'tsconnect: Invalid credentials (HTTP 401)\n' });
    await run('config', 'set-context', 'local', '--password', 'pa:ss');
    expect(await run('get', 'connectors', '-o', 'json')).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('several clusters: get-contexts, use, --context, --url (without stored credentials)', async () => {
    expect(await run('config', 'set-context', 'dead', '--url', deadUrl)).toEqual({ code: 0, stdout: `Created context dead (${deadUrl})\n`, stderr: '' });
    expect(JSON.parse((await run('config', 'get-contexts', '-o', 'json')).stdout)).toEqual([
      { name: 'local', url: worker.restUrl, user: 'admin', current: true },
      { name: 'dead', url: deadUrl, user: null, current: false },
    ]);
    expect((await run('config', 'get-contexts')).stdout.split('\n').map((l) => l.split(/ {3,}/))).toEqual([
      ['CURRENT', 'NAME', 'URL', 'USER'], ['*', 'local', worker.restUrl, 'admin'], ['', 'dead', deadUrl], [''],
    ]);
    expect((await run('config', 'get-contexts', '-o', 'name')).stdout).toBe('local\ndead\n');
    expect(await run('config', 'use', 'dead')).toEqual({ code: 0, stdout: `Using context dead (${deadUrl})\n`, stderr: '' });
    expect(await run('config', 'current-context')).toEqual({ code: 0, stdout: 'dead\n', stderr: '' });
    expect(await run('get', 'plugins')).toEqual({ code: 1, stdout: '', stderr: REFUSED(deadUrl, 'dead') });
    expect((await run('get', 'connectors', '--context', 'local', '-o', 'json')).stdout).toBe('[]\n');
    expect(await run('get', 'connectors', '--url', worker.restUrl)).toEqual({ code: 1, stdout: '', stderr: 'tsconnect: Credentials are required to access this resource. (HTTP 401)\n' });
    // --url with --context: that context's credentials at another address.
    expect((await run('get', 'connectors', '--context', 'local', '--url', worker.restUrl, '-o', 'json')).stdout).toBe('[]\n');
    expect(await run('config', 'use-context', 'local')).toEqual({ code: 0, stdout: `Using context local (${worker.restUrl})\n`, stderr: '' });
  });

  it('stores JSON with mode 0600; bad names and values are named', async () => {
    expect(JSON.parse(await readFile(configFile, 'utf8'))).toEqual({
      'current-context': 'local',
      contexts: { local: { url: worker.restUrl, user: 'admin', password: 'pa:ss' }, dead: { url: deadUrl } },
    });
    expect((await stat(configFile)).mode & 0o777).toBe(0o600);
    expect(await run('config', 'use', 'nope')).toEqual({ code: 1, stdout: '', stderr: 'tsconnect: Unknown context nope: known contexts are local, dead\n' });
    expect(await run('get', 'connectors', '--context', 'nope')).toEqual({ code: 1, stdout: '', stderr: "tsconnect: Unknown context nope: known contexts are local, dead (see 'tsconnect config get-contexts')\n" });
    expect(await run('config', 'set-context', 'x')).toEqual({ code: 1, stdout: '', stderr: 'tsconnect: Missing --url for the new context x\n' });
    expect(await run('config', 'set-context', 'x', '--url', 'ftp://h')).toEqual({ code: 1, stdout: '', stderr: 'tsconnect: Invalid value ftp://h for --url: expected an http:// or https:// URL such as http://localhost:8083\n' });
    expect(await run('config', 'delete-context', 'dead')).toEqual({ code: 0, stdout: 'Deleted context dead\n', stderr: '' });
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"contexts": 3}');
    expect(await cli({ TSCONNECT_CONFIG: broken }, 'config', 'get-contexts')).toEqual({ code: 1, stdout: '',
      stderr: `tsconnect: Invalid CLI config ${broken}: expected {"current-context": "…", "contexts": {"<name>": {"url": "…"}}}\n` });
  });

  it('without any context: TSCONNECT_URL, else http://localhost:8083', async () => {
    const empty = join(dir, 'empty.json');
    expect(await cli({ TSCONNECT_CONFIG: empty, TSCONNECT_URL: deadUrl }, 'get', 'plugins'))
      .toEqual({ code: 1, stdout: '', stderr: `tsconnect: Could not connect to Kafka Connect at ${deadUrl}: connection refused. Is the worker running? Set another URL with --url or 'tsconnect config set-context'.\n` });
  });
});

describe('the built bin', () => {
  // Asynchronous: the worker answering the child runs in this process.
  const bin = (args: string[]) => new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [cliJs, ...args], { env: { ...process.env, ...env() }, encoding: 'utf8' },
      (err, stdout, stderr) => resolve({ status: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }));
  });

  it('spawned: apply, get (table), describe -o yaml, delete; errors exit 1', async () => {
    const name = uniqueName('spawned');
    const file = join(dir, 'spawned.json');
    await writeFile(join(dir, 'spawned.txt'), 'x\n');
    await writeFile(file, JSON.stringify({ name, 'connector.class': 'FileStreamSource', file: join(dir, 'spawned.txt'), topic: uniqueName('t') }));
    expect(await bin(['apply', '-f', file])).toMatchObject({ status: 0, stdout: `Created connector ${name}\n`, stderr: '' });
    await waitFor('listed', async () => ((await bin(['get', 'connectors'])).stdout.includes('0: RUNNING') ? true : undefined));
    expect(tableCells((await bin(['get', 'connectors'])).stdout)).toEqual([['NAME', 'TYPE', 'STATE', 'TASKS', 'CLASS'], [name, 'source', 'RUNNING', '0: RUNNING', 'FileStreamSource']]);
    expect((await bin(['describe', 'connector', name, '-o', 'yaml'])).stdout).toContain(`name: ${name}\ntype: source\nstate: RUNNING\nworker_id: ${worker.workerId}\nconfig:\n`);
    expect(await bin(['delete', name])).toMatchObject({ status: 0, stdout: `Deleted connector ${name}\n` });
    expect(await bin(['describe', 'connector', name])).toMatchObject({ status: 1, stdout: '', stderr: `tsconnect: Connector ${name} not found (HTTP 404)\n` });
    expect(await bin(['get', 'connectors', '--context', 'local', '-o', 'xml'])).toMatchObject({ status: 1, stderr: 'tsconnect: Invalid value xml for option -o/--output: expected one of table, json, yaml, name\n' });
  });

  it('completion bash: commands, options, -o values, live connector and context names', async () => {
    const name = uniqueName('compl');
    await run('apply', '-f', await writeConnector(name));
    const script = (await run('completion', 'bash')).stdout;
    expect(script).toContain('complete -o default -F _tsconnect tsconnect\n');
    const complete = async (...words: string[]): Promise<string[]> => {
      const sh = `tsconnect() { TSCONNECT_CONFIG='${configFile}' '${process.execPath}' '${cliJs}' "$@"; }
${script}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _tsconnect; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const out = await new Promise<string>((resolve, reject) => execFile('bash', ['-c', sh], { encoding: 'utf8' }, (e, o) => (e ? reject(e) : resolve(o))));
      return out.split('\n').filter((l) => l !== '');
    };
    expect(await complete('tsconnect', 'ge')).toEqual(['get']);
    expect(await complete('tsconnect', 'get', '')).toEqual(['connectors', 'connector', 'plugins', 'plugin', 'offsets']);
    expect(await complete('tsconnect', 'describe', 'connector', '')).toEqual([name]);
    expect(await complete('tsconnect', 'restart', '')).toEqual(['connector', 'task', name]);
    expect(await complete('tsconnect', 'restart', 'task', '')).toEqual([name]);
    expect(await complete('tsconnect', 'pause', name, '')).toEqual([]);
    expect(await complete('tsconnect', 'config', 'use', '')).toEqual(['local']);
    expect(await complete('tsconnect', 'get', 'connectors', '-o', '')).toEqual(['table', 'json', 'yaml', 'name']);
    expect(await complete('tsconnect', 'patch', name, '--u')).toEqual(['--url', '--unset']);
    // zsh reuses the same function through bashcompinit.
    const zsh = (await run('completion', 'zsh')).stdout;
    expect(zsh.startsWith('#compdef tsconnect\nautoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n# tsconnect shell completion')).toBe(true);
    expect(await run('completion', 'fish')).toEqual({ code: 1, stdout: '', stderr: 'tsconnect: Invalid value fish for shell: expected bash or zsh\n' });
    await run('delete', name);
  });
});

async function writeConnector(name: string): Promise<string> {
  const file = join(dir, `${name}.json`);
  await writeFile(join(dir, `${name}.txt`), '');
  await writeFile(file, JSON.stringify({ name, config: { 'connector.class': 'FileStreamSource', file: join(dir, `${name}.txt`), topic: uniqueName('t') } }));
  return file;
}
