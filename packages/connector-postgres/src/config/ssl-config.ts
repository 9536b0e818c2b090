import { ConfigDef } from '@tsconnect/sdk';
import { oneOf } from './enum-validator.js';

const GROUP = 'Connection Advanced SSL';

/** libpq's sslmode values, as Debezium's database.sslmode (default prefer). */
export const SSL_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** database.ssl* keys (file paths, read when connecting). */
export const sslConfigDef = new ConfigDef()
  .define({ name: 'database.sslmode', type: 'STRING', defaultValue: 'prefer', importance: 'MEDIUM', group: GROUP,
    validator: oneOf(SSL_MODES),
    documentation: 'disable: plain; prefer: TLS when the server offers it, else plain; require: TLS without certificate checks; ' +
      'verify-ca: TLS, server certificate signed by database.sslrootcert; verify-full: verify-ca plus host name check.' })
  .define({ name: 'database.sslrootcert', type: 'STRING', defaultValue: null, importance: 'LOW', group: GROUP,
    documentation: 'File with the CA certificate(s) that signed the server certificate (PEM).' })
  .define({ name: 'database.sslcert', type: 'STRING', defaultValue: null, importance: 'LOW', group: GROUP,
    documentation: 'File with the client certificate (PEM).' })
  .define({ name: 'database.sslkey', type: 'STRING', defaultValue: null, importance: 'LOW', group: GROUP,
    documentation: 'File with the client private key (PEM).' })
  .define({ name: 'database.sslpassword', type: 'PASSWORD', defaultValue: null, importance: 'LOW', group: GROUP,
    documentation: 'Password of the client private key.' });
