import { defineConfig, type TestProjectInlineConfiguration, type ViteUserConfig } from 'vitest/config';
import { packageTestConfig } from './vitest.shared.js';

/**
 * A package's vitest config with a second project, `pg17`: the given integration tests once more
 * against test-env's PostgreSQL 17 (`postgres17`; `TEST_ENV_PG=PG17` makes `testEnv('PG_URL')`
 * read PG17_URL). Debian 12 ships PostgreSQL 15 only; 16+ brings pgoutput protocol v4.
 */
export function withPostgres17(packageDir: string, pg17Include: string[]): ViteUserConfig {
  const shared = packageTestConfig(packageDir);
  const pg17: TestProjectInlineConfiguration = {
    test: {
      name: 'pg17', include: pg17Include, env: { TEST_ENV_PG: 'PG17' },
      testTimeout: shared.test?.testTimeout, hookTimeout: shared.test?.hookTimeout,
    },
  };
  return defineConfig({ ...shared, test: { ...shared.test, projects: [{ extends: true, test: { name: 'pg15' } }, pg17] } });
}
