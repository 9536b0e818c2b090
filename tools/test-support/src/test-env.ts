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
 * The value of one test-env variable: from the process environment first, else from the state
 * file `test-env/start.sh` writes. Throws with a clear remedy instead of letting a test skip.
 */
export function testEnv<K extends keyof TestEnv & string>(key: K): string {
  const fromProcess = process.env[key];
  if (fromProcess) return fromProcess;
  const state = existsSync(STATE_FILE) ? (JSON.parse(readFileSync(STATE_FILE, 'utf8')) as Record<string, string>) : {};
  const value = state[key];
  if (!value) {
    throw new Error(
      `${key} is not set: this test needs the real servers. Run \`bash test-env/start.sh\` ` +
        `(or export ${key}) first.`,
    );
  }
  return value;
}
