import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { ConfigException } from '@tsconnect/sdk';
import type { SASLOptions } from 'kafkajs';
import { parseJaasConfig } from './jaas-config.js';

/** A Kafka client property with the key it was given as (`producer.override.sasl.jaas.config`), for errors. */
export interface ClientProp { readonly value: string; readonly key: string }
export type ClientProps = Readonly<Record<string, ClientProp>>;

export const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];
export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

const LOGIN_MODULES: Record<string, string> = {
  PLAIN: 'org.apache.kafka.common.security.plain.PlainLoginModule',
  'SCRAM-SHA-256': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  'SCRAM-SHA-512': 'org.apache.kafka.common.security.scram.ScramLoginModule',
};

/** What a connection is, for error messages (never the password). */
export interface ClientSecurityInfo {
  readonly securityProtocol: SecurityProtocol;
  readonly mechanism: string | null;
  readonly username: string | null;
}

export interface ClientSecurity {
  readonly ssl?: ConnectionOptions | true;
  readonly sasl?: SASLOptions;
  readonly info: ClientSecurityInfo;
  /** Keys consumed here (so they are not reported as unused). */
  readonly used: readonly string[];
}

/**
 * Kafka's client security keys → kafkajs `ssl`/`sasl` options: `security.protocol`,
 * `sasl.mechanism` + `sasl.jaas.config` (PlainLoginModule / ScramLoginModule), PEM or PKCS12
 * key material (`ssl.truststore.*`, `ssl.keystore.*`, `ssl.key.password`,
 * `ssl.endpoint.identification.algorithm`) and librdkafka-style `ssl.ca.location`,
 * `ssl.certificate.location`, `ssl.key.location`, `sasl.username`/`sasl.password`.
 */
export function clientSecurity(props: ClientProps): ClientSecurity {
  const used: string[] = [];
  const get = (k: string): ClientProp | undefined => { const p = props[k]; if (p) used.push(k); return p; };
  const protocolProp = get('security.protocol');
  const protocol = (protocolProp?.value.trim().toUpperCase() ?? 'PLAINTEXT') as SecurityProtocol;
  if (!SECURITY_PROTOCOLS.includes(protocol)) {
    throw new ConfigException(protocolProp!.key, protocolProp!.value, `Unknown security protocol; expected one of ${SECURITY_PROTOCOLS.join(', ')}`);
  }
  let sasl: SASLOptions | undefined;
  let mechanism: string | null = null;
  let username: string | null = null;
  if (protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL') {
    const mechProp = get('sasl.mechanism');
    mechanism = mechProp?.value.trim().toUpperCase() ?? 'GSSAPI';
    if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
      const why = `SASL mechanism not supported by tsconnect's Kafka client (kafkajs); use one of ${SASL_MECHANISMS.join(', ')}`;
      if (!mechProp) throw new ConfigException(`${keyPrefix(protocolProp!)}sasl.mechanism`, 'GSSAPI (the default)', why);
      throw new ConfigException(mechProp.key, mechProp.value, why);
    }
    const creds = saslCredentials(get, mechanism, protocolProp!);
    username = creds.username;
    sasl = { mechanism: mechanism.toLowerCase() as 'plain', username: creds.username, password: creds.password };
  }
  const ssl = protocol === 'SSL' || protocol === 'SASL_SSL' ? tlsOptions(get) : undefined;
  return { ...(ssl ? { ssl } : {}), ...(sasl ? { sasl } : {}), info: { securityProtocol: protocol, mechanism, username }, used };
}

function keyPrefix(p: ClientProp): string {
  return p.key.slice(0, p.key.length - 'security.protocol'.length);
}

function saslCredentials(get: (k: string) => ClientProp | undefined, mechanism: string, protocolProp: ClientProp): { username: string; password: string } {
  const jaas = get('sasl.jaas.config');
  if (!jaas) {
    const user = get('sasl.username');
    const password = get('sasl.password');
    if (user && password) return { username: user.value, password: password.value };
    throw new ConfigException(`${keyPrefix(protocolProp)}sasl.jaas.config`, undefined,
      `security.protocol=${protocolProp.value} needs credentials, e.g. ${LOGIN_MODULES[mechanism]} required username="…" password="…";`);
  }
  const entry = parseJaasConfig(jaas.key, jaas.value);
  const expected = LOGIN_MODULES[mechanism]!;
  if (entry.loginModule !== expected) {
    throw new ConfigException(jaas.key, '[hidden]', `login module ${entry.loginModule} does not match sasl.mechanism=${mechanism} (expected ${expected})`);
  }
  const { username, password } = entry.options;
  if (username === undefined || password === undefined) {
    throw new ConfigException(jaas.key, '[hidden]', `${entry.loginModule} needs the options username="…" and password="…"`);
  }
  return { username, password };
}

function readPem(p: ClientProp): string {
  try {
    return readFileSync(p.value, 'utf8');
  } catch (e) {
    throw new ConfigException(p.key, p.value, `cannot read file: ${(e as Error).message}`);
  }
}

/** PEM blocks of one kind from a bundle (a PEM keystore holds the key and the chain in one file). */
function pemBlocks(text: string, kind: 'key' | 'cert'): string {
  const re = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
  return [...text.matchAll(re)].filter((m) => (kind === 'key') === m[1]!.includes('PRIVATE KEY')).map((m) => m[0]).join('\n');
}

function tlsOptions(get: (k: string) => ClientProp | undefined): ConnectionOptions | true {
  const tls: ConnectionOptions = {};
  const truststoreType = get('ssl.truststore.type');
  const trustType = truststoreType?.value.trim().toUpperCase() ?? 'JKS';
  const trustCerts = get('ssl.truststore.certificates');
  const trustLocation = get('ssl.truststore.location');
  const caLocation = get('ssl.ca.location');
  if (trustCerts) tls.ca = trustCerts.value;
  else if (trustLocation) {
    if (trustType !== 'PEM') {
      throw new ConfigException(truststoreType?.key ?? trustLocation.key.replace(/location$/, 'type'), trustType,
        'only PEM trust stores are supported (ssl.truststore.type=PEM with a PEM file of CA certificates, or ssl.ca.location); convert with keytool -exportcert -rfc');
    }
    tls.ca = readPem(trustLocation);
  } else if (caLocation) tls.ca = readPem(caLocation);
  get('ssl.truststore.password'); // PEM trust stores have no password

  const keystoreType = get('ssl.keystore.type');
  const keyType = keystoreType?.value.trim().toUpperCase() ?? 'JKS';
  const inlineKey = get('ssl.keystore.key');
  const inlineChain = get('ssl.keystore.certificate.chain');
  const keyLocation = get('ssl.keystore.location');
  const keyPassword = get('ssl.key.password');
  const keystorePassword = get('ssl.keystore.password');
  if (inlineKey && inlineChain) {
    tls.key = inlineKey.value;
    tls.cert = inlineChain.value;
  } else if (keyLocation) {
    if (keyType === 'PEM') {
      const text = readPem(keyLocation);
      tls.key = pemBlocks(text, 'key');
      tls.cert = pemBlocks(text, 'cert');
    } else if (keyType === 'PKCS12') {
      try {
        tls.pfx = readFileSync(keyLocation.value);
      } catch (e) {
        throw new ConfigException(keyLocation.key, keyLocation.value, `cannot read file: ${(e as Error).message}`);
      }
      if (keystorePassword) tls.passphrase = keystorePassword.value;
    } else {
      throw new ConfigException(keystoreType?.key ?? keyLocation.key.replace(/location$/, 'type'), keyType,
        'only PEM and PKCS12 key stores are supported (convert a JKS store with keytool -importkeystore -deststoretype PKCS12)');
    }
  } else {
    const cert = get('ssl.certificate.location');
    const key = get('ssl.key.location');
    if (cert) tls.cert = readPem(cert);
    if (key) tls.key = readPem(key);
  }
  if (keyPassword) tls.passphrase = keyPassword.value;
  // Kafka's default is "https" (verify the host name); an empty value turns it off.
  const identification = get('ssl.endpoint.identification.algorithm');
  if (identification && identification.value.trim() === '') tls.checkServerIdentity = () => undefined;
  return Object.keys(tls).length === 0 ? true : tls;
}
