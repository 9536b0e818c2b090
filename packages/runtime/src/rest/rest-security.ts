import { readFileSync } from 'node:fs';
import type { WorkerConfig } from '../config/worker-config.js';
import { parseBasicAuthUsers, type BasicAuthUsers } from './basic-auth.js';

/**
 * TLS material for an `https://` listener: `listeners.https.ssl.key.pem.location` and
 * `listeners.https.ssl.cert.pem.location` (or the same keys without the `listeners.https.`
 * prefix, which Kafka also accepts as fallback), plus an optional `…ssl.key.password`.
 * Kafka reads JKS/PKCS12 keystores; PEM files are what Node reads.
 */
export function restTlsOptions(config: WorkerConfig): { key: Buffer; cert: Buffer; passphrase?: string } | undefined {
  if (!config.listeners.some((l) => l.trim().toLowerCase().startsWith('https://'))) return undefined;
  const p = config.originals;
  const pick = (suffix: string): { key: string; value: string | undefined } => {
    const prefixed = `listeners.https.${suffix}`;
    if (p[prefixed] !== undefined) return { key: prefixed, value: p[prefixed] };
    return { key: suffix, value: p[suffix] };
  };
  const read = (suffix: string): Buffer => {
    const { key, value } = pick(suffix);
    if (!value) throw new Error(`Missing required configuration "listeners.https.${suffix}" for the https listener ${config.listeners.join(',')}`);
    try {
      return readFileSync(value);
    } catch (e) {
      throw new Error(`Invalid value ${value} for configuration ${key}: ${(e as Error).message}`);
    }
  };
  const passphrase = pick('ssl.key.password').value;
  return { key: read('ssl.key.pem.location'), cert: read('ssl.cert.pem.location'), ...(passphrase ? { passphrase } : {}) };
}

/** Users of `rest.basic.auth.user.info`, or undefined when authentication is off. */
export function restBasicAuthUsers(config: WorkerConfig): BasicAuthUsers | undefined {
  const info = config.originals['rest.basic.auth.user.info'];
  return info ? parseBasicAuthUsers(info) : undefined;
}
