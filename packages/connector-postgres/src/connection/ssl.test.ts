import { describe, expect, it } from 'vitest';
import { sslOptions } from './ssl.js';

const none = { sslRootCert: null, sslCert: null, sslKey: null, sslPassword: null };

describe('sslOptions', () => {
  it('maps libpq sslmodes to node TLS options', () => {
    expect(sslOptions({ ...none, sslMode: 'disable' })).toBe(false);
    expect(sslOptions({ ...none, sslMode: 'prefer' })).toEqual({ rejectUnauthorized: false });
    expect(sslOptions({ ...none, sslMode: 'require' })).toEqual({ rejectUnauthorized: false });
    expect(sslOptions({ ...none, sslMode: 'verify-full', sslPassword: 'k' })).toEqual({ rejectUnauthorized: true, passphrase: 'k' });
    const ca = sslOptions({ ...none, sslMode: 'verify-ca', sslRootCert: '/etc/hostname' }) as Record<string, unknown>;
    expect([typeof ca['ca'], ca['rejectUnauthorized'], typeof ca['checkServerIdentity']]).toEqual(['string', true, 'function']);
  });
});
