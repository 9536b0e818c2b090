import { mkdtemp } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandaloneWorker, type StandaloneWorker } from '@tsconnect/runtime';
import { testEnv } from '@tsconnect/test-support';
import { builtinPlugins } from '../builtin-plugins.js';
import type { CliIo } from './io.js';
import { runCli } from './program.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the client commands in-process, as `tsconnect <args>` would with `env`. */
export async function cli(env: Record<string, string | undefined>, ...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), env };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** A live standalone worker with the built-in plugins (FileStream connectors included). */
export async function startCliWorker(extra: Record<string, string> = {}): Promise<{ worker: StandaloneWorker; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tsconnect-cli-'));
  const worker = await startStandaloneWorker({
    workerProps: {
      'bootstrap.servers': testEnv('KAFKA_BOOTSTRAP'),
      'rest.port': '0',
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'offset.storage.file.filename': join(dir, 'offsets.json'),
      'offset.flush.interval.ms': '200',
      'log.level': 'fatal', // the failing FileStreamSink task would fill the test output
      ...extra,
    },
    plugins: builtinPlugins(),
  });
  return { worker, dir };
}

/** A table's rows as cells (columns are separated by 3+ spaces, cells hold at most single spaces). */
export const tableCells = (text: string): string[][] => text.trimEnd().split('\n').map((l) => l.split(/ {3,}/));

/** A local port nothing listens on (bound, then closed), for "connection refused". */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
