import { basename } from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * The one vitest config every package uses. Unit tests are `*.test.ts`, tests against the real
 * servers `*.it.test.ts` (they share one broker/database, so they use unique names). When
 * TSCONNECT_TEST_RESULTS names a folder, a JSON report per package lands there for the CI summary.
 */
export function packageTestConfig(packageDir: string): ViteUserConfig {
  const resultsDir = process.env['TSCONNECT_TEST_RESULTS'];
  return defineConfig({
    test: {
      include: ['src/**/*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
      reporters: resultsDir
        ? ['default', ['json', { outputFile: `${resultsDir}/${basename(packageDir)}-${process.versions.node}.json` }]]
        : ['default'],
    },
  });
}
