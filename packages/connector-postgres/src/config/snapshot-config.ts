import { ConfigDef, Validators } from '@tsconnect/sdk';
import { oneOf } from './enum-validator.js';

const GROUP = 'Snapshot';

/** Modes as Debezium's (`never` is the deprecated name of `no_data`). */
export const SNAPSHOT_MODES = ['initial', 'always', 'initial_only', 'no_data', 'never', 'when_needed'] as const;
export type SnapshotMode = (typeof SNAPSHOT_MODES)[number];

export const snapshotConfigDef = new ConfigDef()
  .define({ name: 'snapshot.mode', type: 'STRING', defaultValue: 'initial', importance: 'MEDIUM', group: GROUP,
    validator: oneOf(SNAPSHOT_MODES),
    documentation: 'initial: snapshot when no offset is stored, then stream; always: snapshot at every start; ' +
      'initial_only: snapshot then stop producing; no_data/never: stream only; when_needed: snapshot when no offset is ' +
      'stored or the slot no longer has the stored position.' })
  .define({ name: 'snapshot.fetch.size', type: 'INT', defaultValue: 10240, importance: 'MEDIUM', group: GROUP,
    validator: Validators.atLeast(1), documentation: 'Rows read per chunk (primary-key range) while snapshotting.' });
