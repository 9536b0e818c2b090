import { defineConfig } from 'vitest/config';
import { packageTestConfig } from '../../vitest.shared.js';

const shared = packageTestConfig(import.meta.dirname);

/**
 * Everything against test-env's PostgreSQL 15, and the integration tests once more against its
 * PostgreSQL 17 (`postgres17`): protocol v4 and the newest server messages need 16+.
 */
export default defineConfig({
  test: {
    ...shared.test,
    projects: [
      { extends: true, test: { name: 'pg15' } },
      {
        test: {
          name: 'pg17', include: ['src/**/*.it.test.ts'], env: { PGOUTPUT_TEST_PG: 'PG17_URL' },
          testTimeout: shared.test?.testTimeout, hookTimeout: shared.test?.hookTimeout,
        },
      },
    ],
  },
});
