import { ConfigDef, Validators } from '@tsconnect/sdk';

const GROUP = 'Connection';

/** database.* keys: where the PostgreSQL server is and how to log in. */
export const connectionConfigDef = new ConfigDef()
  .define({ name: 'topic.prefix', type: 'STRING', importance: 'HIGH', group: GROUP, validator: Validators.nonEmptyString(),
    documentation: 'Logical name of the server: prefix of every topic and the source partition key ("server").' })
  .define({ name: 'database.hostname', type: 'STRING', importance: 'HIGH', group: GROUP, validator: Validators.nonEmptyString(),
    documentation: 'Resolvable hostname or IP address of the PostgreSQL server.' })
  .define({ name: 'database.port', type: 'INT', defaultValue: 5432, importance: 'HIGH', group: GROUP,
    validator: Validators.between(1, 65535), documentation: 'Port of the PostgreSQL server.' })
  .define({ name: 'database.user', type: 'STRING', importance: 'HIGH', group: GROUP, validator: Validators.nonEmptyString(),
    documentation: 'Name of the PostgreSQL user (needs REPLICATION and SELECT on the captured tables).' })
  .define({ name: 'database.password', type: 'PASSWORD', defaultValue: null, importance: 'HIGH', group: GROUP,
    documentation: 'Password of the PostgreSQL user.' })
  .define({ name: 'database.dbname', type: 'STRING', importance: 'HIGH', group: GROUP, validator: Validators.nonEmptyString(),
    documentation: 'Name of the database to capture changes from.' })
  .define({ name: 'database.connect.timeout.ms', type: 'LONG', defaultValue: 30_000, importance: 'LOW', group: GROUP,
    validator: Validators.atLeast(0), documentation: 'Connection timeout, ms (0 = none).' });
