/** Where the client commands write and what they read; tests pass their own to run in-process. */
export interface CliIo {
  /** One chunk of standard output (callers add the newline). */
  stdout(text: string): void;
  stderr(text: string): void;
  /** Environment (`TSCONNECT_CONFIG`, `HOME`, `TSCONNECT_URL`). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
};

/** An error the CLI reports as `tsconnect: <message>` with exit code 1 (no stack trace). */
export class CliError extends Error {
  override readonly name = 'CliError';
}
