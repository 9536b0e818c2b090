import { defineConfig } from 'vitest/config';

// Conformance checks start an in-process worker against a real Kafka broker: generous timeouts.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
