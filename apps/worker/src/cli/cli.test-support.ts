import { createServer, type AddressInfo } from 'node:net';
import type { StandaloneWorker } from '@tsconnect/runtime';
import { startBuiltinWorker } from '../test-support/builtin-worker.js';
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
export function startCliWorker(extra: Record<string, string> = {}): Promise<{ worker: StandaloneWorker; dir: string }> {
  // The failing FileStreamSink task would fill the test output.
  return startBuiltinWorker({ 'log.level': 'fatal', ...extra });
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
