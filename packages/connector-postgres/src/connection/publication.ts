import type pg from 'pg';
import { ConnectException } from '@tsconnect/sdk';
import { quoteIdent } from './quote.js';
import type { PublicationAutocreateMode } from '../config/replication-config.js';

/**
 * Makes sure the publication exists as publication.autocreate.mode asks (Debezium's
 * PostgresReplicationConnection#initPublication): all_tables creates it FOR ALL TABLES when missing,
 * filtered creates it (or resets its table list) FOR TABLE the captured tables, disabled only checks.
 */
export async function ensurePublication(
  client: pg.Client,
  name: string,
  mode: PublicationAutocreateMode,
  capturedTables: readonly { schema: string; name: string }[],
): Promise<void> {
  const exists = (await client.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [name])).rowCount === 1;
  const tableList = capturedTables.map((t) => `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`).join(', ');
  switch (mode) {
    case 'disabled':
      if (!exists) {
        throw new ConnectException(`Publication "${name}" does not exist and publication.autocreate.mode is disabled; ` +
          'create it (CREATE PUBLICATION … FOR TABLE …) or choose all_tables/filtered');
      }
      return;
    case 'all_tables':
      if (!exists) await client.query(`CREATE PUBLICATION ${quoteIdent(name)} FOR ALL TABLES`);
      return;
    case 'filtered':
      if (capturedTables.length === 0) {
        throw new ConnectException(`No table matches table.include.list/table.exclude.list, so publication "${name}" ` +
          'cannot be created in filtered mode');
      }
      await client.query(exists
        ? `ALTER PUBLICATION ${quoteIdent(name)} SET TABLE ${tableList}`
        : `CREATE PUBLICATION ${quoteIdent(name)} FOR TABLE ${tableList}`);
  }
}
