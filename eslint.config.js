// Lint rules for the whole repo. Package boundaries (DESIGN.md "Dependency rule") are enforced here:
// the sdk imports nothing, connectors/transforms import the sdk only, converters the sdk plus the two
// shared converter libraries below, the runtime no concrete plugin.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Test code may compose a plugin with the runtime and other plugins to prove it works end to end.
const TEST_CODE = ['**/*.test.ts', '**/test-support/**', '**/e2e/**'];
const plugins = ['pgoutput', 'converter-*', 'connector-*', 'transforms'].map((p) => `@tsconnect/${p}`);
// Converters may also use the schema registry client and converter-json's Jackson-compatible JSON text
// and tree helpers: Confluent's AvroConverter and JsonSchemaConverter share kafka-schema-registry-client,
// and its JSON converters share Jackson, the same way. Nothing else of another plugin.
const CONVERTER_SHARED = ['@tsconnect/schema-registry-client', '@tsconnect/converter-json'];
const SHARED_FOR_CONVERTERS_ONLY = '@tsconnect/schema-registry-client';

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
    files: ['packages/connector-*/src/**/*.ts', 'packages/transforms/src/**/*.ts'],
    ignores: ['packages/connector-postgres/src/**/*.ts', ...TEST_CODE],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@tsconnect/runtime', SHARED_FOR_CONVERTERS_ONLY, ...plugins], message: 'Plugins depend on @tsconnect/sdk only.' }] }] },
  },
  {
    files: ['packages/converter-*/src/**/*.ts'],
    ignores: TEST_CODE,
    rules: { 'no-restricted-imports': ['error', { patterns: [{
      group: ['@tsconnect/runtime', ...plugins, ...CONVERTER_SHARED.map((p) => `!${p}`)], // `!` = allowed
      message: 'Converters depend on @tsconnect/sdk, @tsconnect/schema-registry-client and @tsconnect/converter-json only.',
    }] }] },
  },
  {
    files: ['packages/schema-registry-client/src/**/*.ts'],
    ignores: TEST_CODE,
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@tsconnect/*', '!@tsconnect/sdk'], message: 'The schema registry client depends on @tsconnect/sdk only.' }] }] },
  },
  {
    files: ['packages/connector-postgres/src/**/*.ts'],
    ignores: TEST_CODE,
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@tsconnect/runtime', '@tsconnect/connector-*', '@tsconnect/converter-*', SHARED_FOR_CONVERTERS_ONLY], message: 'The Postgres connector depends on the sdk and pgoutput only.' }] }] },
  },
);
