import { ConfigDef, Validators } from '@tsconnect/sdk';
import { oneOf } from './enum-validator.js';

const GROUP = 'Replication';

export const PUBLICATION_AUTOCREATE_MODES = ['all_tables', 'disabled', 'filtered'] as const;
export type PublicationAutocreateMode = (typeof PUBLICATION_AUTOCREATE_MODES)[number];

/** Slot and publication keys (logical decoding). */
export const replicationConfigDef = new ConfigDef()
  .define({ name: 'plugin.name', type: 'STRING', defaultValue: 'pgoutput', importance: 'MEDIUM', group: GROUP,
    validator: oneOf(['pgoutput'], (v) =>
      `tsconnect speaks only the built-in pgoutput protocol; "${v}" needs a server-side plugin it does not decode`),
    documentation: 'Logical decoding plugin; only pgoutput (built into PostgreSQL 10+) is supported.' })
  .define({ name: 'slot.name', type: 'STRING', defaultValue: 'debezium', importance: 'MEDIUM', group: GROUP,
    validator: Validators.nonEmptyString(), documentation: 'Name of the logical replication slot.' })
  .define({ name: 'slot.drop.on.stop', type: 'BOOLEAN', defaultValue: false, importance: 'LOW', group: GROUP,
    documentation: 'Drop the slot when the task stops gracefully (tests and development only).' })
  .define({ name: 'publication.name', type: 'STRING', defaultValue: 'dbz_publication', importance: 'LOW', group: GROUP,
    validator: Validators.nonEmptyString(), documentation: 'Name of the publication pgoutput streams.' })
  .define({ name: 'publication.autocreate.mode', type: 'STRING', defaultValue: 'all_tables', importance: 'LOW', group: GROUP,
    validator: oneOf(PUBLICATION_AUTOCREATE_MODES),
    documentation: 'all_tables: create FOR ALL TABLES if missing; disabled: the publication must exist; ' +
      'filtered: create/alter it FOR TABLE the captured tables.' });
