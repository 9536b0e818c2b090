import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Addresses of the real servers started by `test-env/start.sh` (see test-env/README.md). */
export interface TestEnv {
  readonly KAFKA_BOOTSTRAP: string;
  readonly PG_URL: string;
  readonly MARIADB_URL: string;
  readonly S3_ENDPOINT: string;
  readonly [key: string]: string;
}

const STATE_FILE = join(dirname(fileURLToPath(import.meta.url)), '../../../test-env/.state/env.json');

/**
 * `TEST_ENV_PG=PG17` makes every `PG_…` key read `PG17_…` instead: a vitest project sets it to
 * run a package's PostgreSQL tests once more against test-env's `postgres17` server.
 */
function redirected(key: string): string {
  const pg = process.env['TEST_ENV_PG'];
  return pg && key.startsWith('PG_') ? `${pg}_${key.slice(3)}` : key;
}

/**
 * The value of one test-env variable: from the process environment first, else from the state
 * file `test-env/start.sh` writes. Throws with a clear remedy instead of letting a test skip.
 */
export function testEnv<K extends keyof TestEnv & string>(wanted: K): string {
  const key = redirected(wanted);
  const fromProcess = process.env[key];
  if (fromProcess) return fromProcess;
  const state = existsSync(STATE_FILE) ? (JSON.parse(readFileSync(STATE_FILE, 'utf8')) as Record<string, string>) : {};
  const value = state[key];
  if (!value) {
    throw new Error(
      `${key} is not set: this test needs the real servers. Run \`bash test-env/start.sh\` ` +
        `with the service that provides it (test-env/README.md lists them), or export ${key}, first.`,
    );
  }
  return value;
}
