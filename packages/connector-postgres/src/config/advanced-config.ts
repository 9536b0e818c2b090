import { ConfigDef, Validators } from '@tsconnect/sdk';

const GROUP = 'Advanced';

/**
 * Transaction metadata, topic naming of the auxiliary topics, heartbeats and signalling
 * (Debezium 2.x+ names: topic.transaction, topic.heartbeat.prefix).
 */
export const advancedConfigDef = new ConfigDef()
  .define({ name: 'provide.transaction.metadata', type: 'BOOLEAN', defaultValue: false, importance: 'LOW', group: GROUP,
    documentation: 'Emit BEGIN/END events on <topic.prefix>.<topic.transaction> and a transaction block in each data event.' })
  .define({ name: 'topic.transaction', type: 'STRING', defaultValue: 'transaction', importance: 'LOW', group: GROUP,
    validator: Validators.nonEmptyString(), documentation: 'Suffix of the transaction metadata topic: <topic.prefix>.<topic.transaction>.' })
  .define({ name: 'topic.heartbeat.prefix', type: 'STRING', defaultValue: '__debezium-heartbeat', importance: 'LOW', group: GROUP,
    validator: Validators.nonEmptyString(), documentation: 'Heartbeat topic: <topic.heartbeat.prefix>.<topic.prefix>.' })
  .define({ name: 'heartbeat.action.query', type: 'STRING', defaultValue: null, importance: 'LOW', group: GROUP,
    documentation: 'SQL run on the source database at every heartbeat (e.g. an update of a heartbeat table), so the slot ' +
      'advances even when the captured tables are idle.' })
  .define({ name: 'signal.data.collection', type: 'STRING', defaultValue: null, importance: 'MEDIUM', group: GROUP,
    documentation: 'Signal table "schema.table" (columns id, type, data) for ad-hoc incremental snapshots.' })
  .define({ name: 'incremental.snapshot.chunk.size', type: 'INT', defaultValue: 1024, importance: 'MEDIUM', group: GROUP,
    validator: Validators.atLeast(1), documentation: 'Rows read per chunk of an incremental snapshot.' });
