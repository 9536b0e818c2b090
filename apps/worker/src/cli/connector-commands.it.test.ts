import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandaloneWorker } from '@tsconnect/runtime';
import { uniqueName, waitFor } from '@tsconnect/test-support';
import { cli, closedPort, startCliWorker, tableCells } from './cli.test-support.js';

const SOURCE_CLASS = 'org.apache.kafka.connect.file.FileStreamSourceConnector';
const SINK_CLASS = 'org.apache.kafka.connect.file.FileStreamSinkConnector';
const ALTERED = 'The Connect framework-managed offsets for this connector have been altered successfully. However, if this connector manages offsets externally, they will need to be manually altered in the system that the connector uses.';
const RESET = 'The Connect framework-managed offsets for this connector have been reset successfully. However, if this connector manages offsets externally, they will need to be manually reset in the system that the connector uses.';

let worker: StandaloneWorker;
let dir: string;
let input: string;
const src = uniqueName('src');
const sink = uniqueName('sink');
const topic = uniqueName('lines');
// No context file: every call names the worker with --url.
const env = () => ({ TSCONNECT_CONFIG: join(dir, 'no-config.json'), HOME: dir });
const run = (...args: string[]) => cli(env(), ...args, '--url', worker.restUrl);
const json = async (...args: string[]): Promise<unknown> => {
  const r = await run(...args, '-o', 'json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};
const status = async (name: string) =>
  (await (await fetch(`${worker.restUrl}/connectors/${name}/status`)).json()) as { connector: { state: string }; tasks: { state: string }[] };
const sourceConfig = () => ({
  'connector.class': SOURCE_CLASS, name: src, file: input, topic, 'tasks.max': '1',
  'key.converter': 'org.apache.kafka.connect.json.JsonConverter', 'key.converter.schemas.enable': 'false',
  'sasl.client.secret': 'shh', 'api.key': 'k-123', 'ssl.key.password': 'pw',
});
const masked = () => ({ ...sourceConfig(), 'sasl.client.secret': '[hidden]', 'api.key': '[hidden]', 'ssl.key.password': '[hidden]' });

beforeAll(async () => {
  ({ worker, dir } = await startCliWorker());
  input = join(dir, 'in.txt');
  await writeFile(input, 'a\nb\nc\n');
});
afterAll(async () => {
  await worker?.stop();
});

describe('apply / patch', () => {
  it('apply -f creates, then updates (PUT /connectors/{name}/config)', async () => {
    const file = join(dir, 'src.json');
    await writeFile(file, JSON.stringify({ name: src, config: sourceConfig() }));
    expect(await run('apply', '-f', file)).toEqual({ code: 0, stdout: `Created connector ${src}\n`, stderr: '' });
    await waitFor('source task RUNNING', async () => ((await status(src)).tasks[0]?.state === 'RUNNING' ? true : undefined));
    expect(await json('apply', '-f', file)).toEqual([{ name: src, config: masked(), tasks: [{ connector: src, task: 0 }], type: 'source' }]);
    expect(await (await fetch(`${worker.restUrl}/connectors/${src}/config`)).json()).toEqual(sourceConfig());
  });

  it('apply -f reads a flat .properties file too; bad files name the problem', async () => {
    const props = join(dir, 'sink.properties');
    await writeFile(props, `name=${sink}\nconnector.class=${SINK_CLASS}\ntopics=${topic}\nfile=/nonexistent-dir/out.txt\n`);
    expect(await run('apply', '-f', props)).toEqual({ code: 0, stdout: `Created connector ${sink}\n`, stderr: '' });
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"config": {"connector.class": "x"}}');
    expect(await run('apply', '-f', bad)).toEqual({ code: 1, stdout: '', stderr: `tsconnect: Missing "name" in connector file ${bad}\n` });
    await writeFile(bad, '{nope');
    expect((await run('apply', '-f', bad)).stderr).toMatch(new RegExp(`^tsconnect: Invalid JSON in connector file ${bad}: `));
    const invalid = join(dir, 'invalid.json');
    await writeFile(invalid, JSON.stringify({ name: uniqueName('x'), config: { 'connector.class': 'no.such.Connector' } }));
    const r = await run('apply', '-f', invalid);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tsconnect: .*no\.such\.Connector.* \(HTTP (400|404|500)\)\n$/);
  });

  it('patch --set/--unset (PATCH /connectors/{c}/config)', async () => {
    expect(await run('patch', src, '--set', 'batch.size=100', '--set', 'x.extra=a=b')).toEqual({ code: 0, stdout: `Patched connector ${src}\n`, stderr: '' });
    const patched = (await json('patch', src, '--unset', 'x.extra')) as { config: Record<string, string> };
    expect(patched).toEqual({ name: src, config: { ...masked(), 'batch.size': '100' }, tasks: [{ connector: src, task: 0 }], type: 'source' });
    expect(await run('patch', src, '--set', 'novalue')).toEqual({ code: 1, stdout: '', stderr: 'tsconnect: Invalid value novalue for --set: expected key=value\n' });
    expect(await run('patch', src)).toEqual({ code: 1, stdout: '', stderr: 'tsconnect: Nothing to patch: give at least one --set key=value or --unset key\n' });
  });
});

describe('get / describe', () => {
  it('get connectors: -o json summaries, -o yaml, -o name and the table', async () => {
    await waitFor('sink task FAILED', async () => ((await status(sink)).tasks[0]?.state === 'FAILED' ? true : undefined));
    await waitFor('source task RUNNING', async () => ((await status(src)).tasks[0]?.state === 'RUNNING' ? true : undefined));
    const expected = [
      { name: sink, type: 'sink', class: SINK_CLASS, state: 'RUNNING', worker_id: worker.workerId, tasks: [{ id: 0, state: 'FAILED', worker_id: worker.workerId }] },
      { name: src, type: 'source', class: SOURCE_CLASS, state: 'RUNNING', worker_id: worker.workerId, tasks: [{ id: 0, state: 'RUNNING', worker_id: worker.workerId }] },
    ].sort((a, b) => a.name.localeCompare(b.name));
    expect(await json('get', 'connectors')).toEqual(expected);
    expect(parse((await run('get', 'connectors', '-o', 'yaml')).stdout)).toEqual(expected);
    expect((await run('get', 'connectors', '-o', 'name')).stdout).toBe(expected.map((c) => `${c.name}\n`).join(''));
    const table = await run('get', 'connectors');
    expect(tableCells(table.stdout)).toEqual([['NAME', 'TYPE', 'STATE', 'TASKS', 'CLASS'],
      ...expected.map((c) => [c.name, c.type, 'RUNNING', `0: ${c.tasks[0]!.state}`, c.class])]);
  });

  it('get plugins (GET /connector-plugins, --all for connectorsOnly=false)', async () => {
    const api = await (await fetch(`${worker.restUrl}/connector-plugins`)).json() as { class: string; type: string; version: string }[];
    const plugins = (await json('get', 'plugins')) as typeof api;
    expect(plugins).toEqual(api);
    expect(plugins).toContainEqual({ class: 'io.tsconnect.connector.file.FileStreamSourceConnector', type: 'source', version: expect.any(String) });
    expect(await json('get', 'plugins', '--all')).toEqual(await (await fetch(`${worker.restUrl}/connector-plugins?connectorsOnly=false`)).json());
    expect(tableCells((await run('get', 'plugins')).stdout)).toEqual([['CLASS', 'TYPE', 'VERSION'], ...api.map((p) => [p.class, p.type, p.version])]);
  });

  it('describe connector: masked config, tasks with worker ids', async () => {
    const d = await json('describe', 'connector', src);
    const config = { ...masked(), 'batch.size': '100' };
    expect(d).toEqual({ name: src, type: 'source', state: 'RUNNING', worker_id: worker.workerId, config, tasks: [{ id: 0, state: 'RUNNING', worker_id: worker.workerId }] });
    const keys = Object.keys(config).sort();
    const width = Math.max(...keys.map((k) => k.length)) + 1;
    const idWidth = 'ID'.length;
    expect((await run('describe', 'connector', src)).stdout).toBe([
      `Name:        ${src}`, 'Type:        source', 'State:       RUNNING', `Worker ID:   ${worker.workerId}`, 'Config:',
      ...keys.map((k) => `  ${`${k}:`.padEnd(width)}  ${config[k as keyof typeof config]}`),
      'Tasks:', `  ${'ID'.padEnd(idWidth)}   STATE     WORKER ID`, `  ${'0'.padEnd(idWidth)}   RUNNING   ${worker.workerId}`, '',
    ].join('\n'));
  });

  it('describe connector shows the failed task\'s trace', async () => {
    const d = (await json('describe', 'connector', sink)) as { tasks: { id: number; state: string; worker_id: string; trace: string }[] };
    expect(d.tasks).toEqual([{ id: 0, state: 'FAILED', worker_id: worker.workerId, trace: expect.stringContaining("Couldn't find or create file '/nonexistent-dir/out.txt' for FileStreamSinkTask") }]);
    const text = (await run('describe', 'connector', sink)).stdout;
    expect(text).toContain(`  ID   STATE    WORKER ID\n  0    FAILED   ${worker.workerId}\nTask 0 trace:\n  `);
    expect(text).toContain("Couldn't find or create file '/nonexistent-dir/out.txt'");
  });
});

describe('restart / pause / resume / stop', () => {
  it('restart --failed --include-tasks answers the 202 states; plain restart and restart task', async () => {
    expect(await json('restart', sink, '--failed', '--include-tasks')).toEqual({
      name: sink, type: 'sink',
      connector: { state: 'RUNNING', worker_id: worker.workerId },
      tasks: [{ id: 0, state: 'RESTARTING', worker_id: worker.workerId }],
    });
    await waitFor('sink task FAILED again', async () => ((await status(sink)).tasks[0]?.state === 'FAILED' ? true : undefined));
    const table = await run('restart', 'connector', sink, '--include-tasks');
    expect(tableCells(table.stdout)).toEqual([[`Restarted connector ${sink}`], ['KIND', 'ID', 'STATE', 'WORKER ID'],
      ['connector', '', 'RESTARTING', worker.workerId].filter((c) => c !== ''), ['task', '0', 'RESTARTING', worker.workerId]]);
    expect(await run('restart', src)).toEqual({ code: 0, stdout: `Restarted connector ${src}\n`, stderr: '' });
    expect(await json('restart', src)).toEqual({});
    await waitFor('source task RUNNING', async () => ((await status(src)).tasks[0]?.state === 'RUNNING' ? true : undefined));
    expect(await run('restart', 'task', src, '0')).toEqual({ code: 0, stdout: `Restarted task 0 of connector ${src}\n`, stderr: '' });
    expect(await run('restart', 'task', src, 'first')).toEqual({ code: 1, stdout: '', stderr: 'tsconnect: Invalid value first for task id: expected a non-negative integer\n' });
    expect(await run('restart', 'task', src, '7')).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(/^tsconnect: .* \(HTTP 404\)\n$/) });
  });

  it('pause, resume', async () => {
    await waitFor('source task RUNNING', async () => ((await status(src)).tasks[0]?.state === 'RUNNING' ? true : undefined));
    expect(await run('pause', src)).toEqual({ code: 0, stdout: `Paused connector ${src}\n`, stderr: '' });
    await waitFor('PAUSED', async () => ((await status(src)).connector.state === 'PAUSED' ? true : undefined));
    expect(await run('resume', src)).toEqual({ code: 0, stdout: `Resumed connector ${src}\n`, stderr: '' });
    await waitFor('RUNNING', async () => ((await status(src)).tasks[0]?.state === 'RUNNING' ? true : undefined));
  });
});

describe('offsets (KIP-875)', () => {
  const partition = () => ({ filename: input });
  it('get offsets / offsets get: json and table', async () => {
    const expected = { offsets: [{ partition: partition(), offset: { position: 6 } }] };
    await waitFor('offsets flushed', async () => JSON.stringify((await run('get', 'offsets', src, '-o', 'json')).stdout) === JSON.stringify(JSON.stringify(expected, null, 2) + '\n') ? true : undefined);
    expect(await json('offsets', 'get', src)).toEqual(expected);
    const p = JSON.stringify(partition());
    expect((await run('offsets', 'get', src)).stdout).toBe(`${'PARTITION'.padEnd(p.length)}   OFFSET\n${p}   {"position":6}\n`);
  });

  it('alter and reset need a STOPPED connector: Kafka\'s message, exit 1', async () => {
    expect(await run('offsets', 'reset', src)).toEqual({ code: 1, stdout: '', stderr: `tsconnect: Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${src}/stop' endpoint (HTTP 400)\n` });
  });

  it('stop, alter (--partition/--offset and -f), reset, resume', async () => {
    expect(await run('stop', src)).toEqual({ code: 0, stdout: `Stopped connector ${src}\n`, stderr: '' });
    await waitFor('STOPPED', async () => ((await status(src)).connector.state === 'STOPPED' ? true : undefined));
    expect(await run('offsets', 'alter', src, '--partition', JSON.stringify(partition()), '--offset', '{"position":2}'))
      .toEqual({ code: 0, stdout: `${ALTERED}\n`, stderr: '' });
    expect(await json('offsets', 'get', src)).toEqual({ offsets: [{ partition: partition(), offset: { position: 2 } }] });
    const file = join(dir, 'offsets.json');
    await writeFile(file, JSON.stringify({ offsets: [{ partition: partition(), offset: { position: 4 } }] }));
    expect(await json('offsets', 'alter', src, '-f', file)).toEqual({ message: ALTERED });
    expect(await json('get', 'offsets', src)).toEqual({ offsets: [{ partition: partition(), offset: { position: 4 } }] });
    expect(await json('offsets', 'reset', src)).toEqual({ message: RESET });
    expect(await json('offsets', 'get', src)).toEqual({ offsets: [] });
    expect((await run('offsets', 'get', src)).stdout).toBe('PARTITION   OFFSET\n');
    expect(await run('offsets', 'alter', src, '--partition', '{bad')).toEqual({ code: 1, stdout: '', stderr: 'tsconnect: Missing offsets: give -f/--file, or both --partition and --offset\n' });
    expect((await run('offsets', 'alter', src, '--partition', '{bad', '--offset', 'null')).stderr).toMatch(/^tsconnect: Invalid value \{bad for --partition: /);
    expect(await run('resume', src)).toEqual({ code: 0, stdout: `Resumed connector ${src}\n`, stderr: '' });
    // Reset to nothing: the task reads the file from the start again.
    await waitFor('re-read', async () => JSON.stringify(await json('offsets', 'get', src)).includes('"position":6') ? true : undefined);
  });
});

describe('logs level (/admin/loggers)', () => {
  const L = 'org.apache.kafka.connect.runtime.WorkerSourceTask';
  it('lists, shows and sets levels', async () => {
    const api = await (await fetch(`${worker.restUrl}/admin/loggers`)).json() as Record<string, { level: string; last_modified: number | null }>;
    expect(await json('logs', 'level')).toEqual(api);
    const table = tableCells((await run('logs', 'level')).stdout);
    expect(table[0]).toEqual(['LOGGER', 'LEVEL', 'LAST MODIFIED']);
    expect(table).toContainEqual(['root', api['root']!.level]);
    expect(await json('logs', 'level', L, 'debug')).toEqual([L]);
    const one = (await json('logs', 'level', L)) as { level: string; last_modified: number };
    expect(one).toEqual({ level: 'DEBUG', last_modified: expect.any(Number) });
    expect(tableCells((await run('logs', 'level', L)).stdout)).toEqual([['LOGGER', 'LEVEL', 'LAST MODIFIED'], [L, 'DEBUG', new Date(one.last_modified).toISOString()]]);
    expect(tableCells((await run('logs', 'level', L, 'INFO')).stdout)).toEqual([['LOGGER', 'LEVEL'], [L, 'INFO']]);
    expect(await run('logs', 'level', L, 'INFO', '--scope', 'cluster')).toEqual({ code: 0, stdout: `Set level INFO on ${L} for the whole cluster\n`, stderr: '' });
    expect(await run('logs', 'level', 'no.such.Logger')).toEqual({ code: 1, stdout: '', stderr: 'tsconnect: Logger no.such.Logger not found. (HTTP 404)\n' });
    expect(await run('logs', 'level', L, 'LOUD')).toEqual({ code: 1, stdout: '', stderr: "tsconnect: invalid log level 'LOUD'. (HTTP 404)\n" });
    expect(await run('logs', 'level', L, 'INFO', '--scope', 'galaxy')).toEqual({ code: 1, stdout: '', stderr: 'tsconnect: Invalid value galaxy for --scope: expected worker or cluster\n' });
  });
});

describe('delete and errors', () => {
  it('delete removes connectors; later calls show Kafka\'s 404 message', async () => {
    expect(await run('delete', sink)).toEqual({ code: 0, stdout: `Deleted connector ${sink}\n`, stderr: '' });
    expect(await run('delete', src)).toEqual({ code: 0, stdout: `Deleted connector ${src}\n`, stderr: '' });
    expect(await json('get', 'connectors')).toEqual([]);
    expect((await run('get', 'connectors')).stdout).toBe('NAME   TYPE   STATE   TASKS   CLASS\n');
    expect(await run('describe', 'connector', src)).toEqual({ code: 1, stdout: '', stderr: `tsconnect: Connector ${src} not found (HTTP 404)\n` });
    // Kafka's herders say "Unknown connector" for the lifecycle calls, "Connector … not found" elsewhere.
    for (const cmd of ['pause', 'resume', 'stop', 'delete']) {
      const r = await run(cmd, src);
      expect([r.code, r.stdout]).toEqual([1, '']);
      expect([`tsconnect: Unknown connector ${src} (HTTP 404)\n`, `tsconnect: Connector ${src} not found (HTTP 404)\n`]).toContain(r.stderr);
    }
    expect(await run('offsets', 'get', src)).toEqual({ code: 1, stdout: '', stderr: `tsconnect: Connector ${src} not found (HTTP 404)\n` });
  });

  it('connection refused names the URL; a bad -o or --url is rejected before any request', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const r = await cli(env(), 'get', 'connectors', '--url', url);
    expect(r).toEqual({ code: 1, stdout: '', stderr: `tsconnect: Could not connect to Kafka Connect at ${url}: connection refused. Is the worker running? Set another URL with --url or 'tsconnect config set-context'.\n` });
    expect(await run('get', 'connectors', '-o', 'xml')).toEqual({ code: 1, stdout: '', stderr: 'tsconnect: Invalid value xml for option -o/--output: expected one of table, json, yaml, name\n' });
    expect(await cli(env(), 'get', 'plugins', '--url', 'localhost:8083')).toEqual({ code: 1, stdout: '', stderr: 'tsconnect: Invalid value localhost:8083 for --url: expected an http:// or https:// URL such as http://localhost:8083\n' });
    const unknown = await run('frobnicate');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  });
});

it('-o yaml is the same data as -o json; the CLI left the input file alone', async () => {
  expect(parse((await run('get', 'plugins', '-o', 'yaml')).stdout)).toEqual(await json('get', 'plugins'));
  expect(await readFile(input, 'utf8')).toBe('a\nb\nc\n');
});
