import { ConfigDef } from '@tsconnect/sdk';
import { regexList } from './enum-validator.js';

const GROUP = 'Filters';

/** Which tables and columns are captured, and which columns form the message key. */
export const filterConfigDef = new ConfigDef()
  .define({ name: 'schema.include.list', type: 'LIST', defaultValue: null, importance: 'HIGH', group: GROUP, validator: regexList,
    documentation: 'Regular expressions matching schema names to capture (default: all non-system schemas).' })
  .define({ name: 'schema.exclude.list', type: 'LIST', defaultValue: null, importance: 'MEDIUM', group: GROUP, validator: regexList,
    documentation: 'Regular expressions matching schema names not to capture.' })
  .define({ name: 'table.include.list', type: 'LIST', defaultValue: null, importance: 'HIGH', group: GROUP, validator: regexList,
    documentation: 'Regular expressions matching "schema.table" of the tables to capture (default: all).' })
  .define({ name: 'table.exclude.list', type: 'LIST', defaultValue: null, importance: 'MEDIUM', group: GROUP, validator: regexList,
    documentation: 'Regular expressions matching "schema.table" of tables not to capture.' })
  .define({ name: 'column.include.list', type: 'LIST', defaultValue: null, importance: 'MEDIUM', group: GROUP, validator: regexList,
    documentation: 'Regular expressions matching "schema.table.column" of the columns to include in change values.' })
  .define({ name: 'column.exclude.list', type: 'LIST', defaultValue: null, importance: 'MEDIUM', group: GROUP, validator: regexList,
    documentation: 'Regular expressions matching "schema.table.column" of columns to leave out of change values.' })
  .define({ name: 'message.prefix.include.list', type: 'LIST', defaultValue: null, importance: 'LOW', group: GROUP, validator: regexList,
    documentation: 'Regular expressions matching the prefixes of pg_logical_emit_message() messages to capture (default: all).' })
  .define({ name: 'message.prefix.exclude.list', type: 'LIST', defaultValue: null, importance: 'LOW', group: GROUP, validator: regexList,
    documentation: 'Regular expressions matching the prefixes of logical decoding messages not to capture.' })
  .define({ name: 'message.key.columns', type: 'STRING', defaultValue: null, importance: 'LOW', group: GROUP,
    documentation: 'Custom message keys: "<table regex>:<col>,<col>;<table regex>:<col>" (default: the primary key).' });
