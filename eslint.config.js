// Lint rules for the whole repo. Package boundaries (DESIGN.md "Dependency rule") are enforced here:
// the sdk imports nothing, connectors/converters import the sdk only, the runtime no concrete plugin.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Test code may compose a plugin with the runtime and other plugins to prove it works end to end.
const TEST_CODE = ['**/*.test.ts', '**/test-support/**', '**/e2e/**'];
const plugins = ['pgoutput', 'converter-*', 'connector-*', 'transforms'].map((p) => `@tsconnect/${p}`);

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.cache/**', 'test-env/.state/**', '**/compat/**/*.java'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['packages/sdk/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^[^./]', message: 'The sdk has no runtime dependencies.' }] }] },
  },
  {
    files: ['packages/runtime/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: plugins, message: 'The runtime never depends on a concrete plugin; apps/worker composes them.' }] }] },
  },
  {
    files: ['packages/connector-*/src/**/*.ts', 'packages/converter-*/src/**/*.ts', 'packages/transforms/src/**/*.ts'],
    ignores: ['packages/connector-postgres/src/**/*.ts', ...TEST_CODE],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@tsconnect/runtime', ...plugins], message: 'Plugins depend on @tsconnect/sdk only.' }] }] },
  },
  {
    files: ['packages/connector-postgres/src/**/*.ts'],
    ignores: TEST_CODE,
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@tsconnect/runtime', '@tsconnect/connector-*', '@tsconnect/converter-*'], message: 'The Postgres connector depends on the sdk and pgoutput only.' }] }] },
  },
);
