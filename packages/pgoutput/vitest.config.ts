import { withPostgres17 } from '../../vitest.pg17.js';

// Every integration test runs against PostgreSQL 15 and 17 (protocol v4 and its messages need 16+).
export default withPostgres17(import.meta.dirname, ['src/**/*.it.test.ts']);
