import { withPostgres17 } from '../../vitest.pg17.js';

// The change-event tests once more against PostgreSQL 17, where the connector speaks protocol v4
// (the whole suite passes there too; these cover every op, type and the snapshot handover).
export default withPostgres17(import.meta.dirname, [
  'src/e2e/operations.it.test.ts', 'src/e2e/data-types.it.test.ts', 'src/e2e/snapshot-handover.it.test.ts',
]);
