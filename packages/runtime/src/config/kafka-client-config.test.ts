import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompressionTypes } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { checkOverrides, overridePolicy, overrideViolations, roleClientProps, workerClientProps } from './client-overrides.js';
import { parseJaasConfig } from './jaas-config.js';
import { clientSecurity, type ClientProps } from './kafka-client-config.js';
import { kafkajsOptions } from './kafkajs-options.js';

const props = (o: Record<string, string>): ClientProps =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, { value: v, key: k }]));
const SCRAM = 'org.apache.kafka.common.security.scram.ScramLoginModule required username="tsconnect" password="s3cr;et \\"x\\"";';

describe('parseJaasConfig', () => {
  it('parses Kafka\'s one-line login module entries', () => {
    expect(parseJaasConfig('sasl.jaas.config', SCRAM)).toEqual({
      loginModule: 'org.apache.kafka.common.security.scram.ScramLoginModule', flag: 'required',
      options: { username: 'tsconnect', password: 's3cr;et "x"' },
    });
    expect(parseJaasConfig('k', 'org.apache.kafka.common.security.plain.PlainLoginModule  Required\n username=alice password="a b" ;')).toEqual({
      loginModule: 'org.apache.kafka.common.security.plain.PlainLoginModule', flag: 'required', options: { username: 'alice', password: 'a b' },
    });
  });
  it('refuses malformed entries naming the key and hiding the value', () => {
    expect(() => parseJaasConfig('sasl.jaas.config', 'X required username="a"'))
      .toThrow('Invalid value [hidden] for configuration sasl.jaas.config: Expected \';\' at the end of the JAAS login module entry');
    expect(() => parseJaasConfig('sasl.jaas.config', 'X username="a";'))
      .toThrow('Invalid value [hidden] for configuration sasl.jaas.config: Login module control flag not specified in JAAS config (expected required, requisite, sufficient or optional after X)');
    expect(() => parseJaasConfig('sasl.jaas.config', 'X required; Y required;'))
      .toThrow('Invalid value [hidden] for configuration sasl.jaas.config: JAAS config property contains 2 login modules, should be 1 module');
    expect(() => parseJaasConfig('sasl.jaas.config', 'X required password="unterminated;'))
      .toThrow('Invalid value [hidden] for configuration sasl.jaas.config: Unterminated quoted string in JAAS config');
  });
});

describe('clientSecurity', () => {
  it('maps SASL_PLAINTEXT + SCRAM-SHA-512 to kafkajs sasl options', () => {
    const s = clientSecurity(props({ 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'SCRAM-SHA-512', 'sasl.jaas.config': SCRAM }));
    expect(s.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'tsconnect', password: 's3cr;et "x"' });
    expect(s.ssl).toBeUndefined();
    expect(s.info).toEqual({ securityProtocol: 'SASL_PLAINTEXT', mechanism: 'SCRAM-SHA-512', username: 'tsconnect' });
  });
  it('maps PLAIN, and librdkafka-style sasl.username/sasl.password', () => {
    expect(clientSecurity(props({ 'security.protocol': 'sasl_ssl', 'sasl.mechanism': 'PLAIN',
      'sasl.jaas.config': 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";' })))
      .toMatchObject({ sasl: { mechanism: 'plain', username: 'u', password: 'p' }, ssl: true });
    expect(clientSecurity(props({ 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'SCRAM-SHA-256', 'sasl.username': 'u', 'sasl.password': 'p' })).sasl)
      .toEqual({ mechanism: 'scram-sha-256', username: 'u', password: 'p' });
  });
  it('refuses what kafkajs cannot do, naming the key', () => {
    expect(() => clientSecurity(props({ 'security.protocol': 'TLS' })))
      .toThrow('Invalid value TLS for configuration security.protocol: Unknown security protocol; expected one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL');
    expect(() => clientSecurity(props({ 'security.protocol': 'SASL_PLAINTEXT', 'sasl.jaas.config': SCRAM })))
      .toThrow("Invalid value GSSAPI (the default) for configuration sasl.mechanism: SASL mechanism not supported by tsconnect's Kafka client (kafkajs); use one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512");
    expect(() => clientSecurity(props({ 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'OAUTHBEARER' })))
      .toThrow('Invalid value OAUTHBEARER for configuration sasl.mechanism');
    expect(() => clientSecurity(props({ 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'PLAIN', 'sasl.jaas.config': SCRAM })))
      .toThrow('Invalid value [hidden] for configuration sasl.jaas.config: login module org.apache.kafka.common.security.scram.ScramLoginModule does not match sasl.mechanism=PLAIN (expected org.apache.kafka.common.security.plain.PlainLoginModule)');
    expect(() => clientSecurity(props({ 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'PLAIN' })))
      .toThrow('Invalid value null for configuration sasl.jaas.config: security.protocol=SASL_PLAINTEXT needs credentials');
  });
  it('reads PEM trust and key stores; refuses JKS', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tls-'));
    const ca = '-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n';
    const key = '-----BEGIN PRIVATE KEY-----\nS0VZ\n-----END PRIVATE KEY-----';
    writeFileSync(join(dir, 'ca.pem'), ca);
    writeFileSync(join(dir, 'ks.pem'), `${key}\n${ca}`);
    const s = clientSecurity(props({ 'security.protocol': 'SSL', 'ssl.truststore.type': 'PEM', 'ssl.truststore.location': join(dir, 'ca.pem'),
      'ssl.keystore.type': 'PEM', 'ssl.keystore.location': join(dir, 'ks.pem'), 'ssl.key.password': 'kp', 'ssl.endpoint.identification.algorithm': '' }));
    expect(s.ssl).toMatchObject({ ca, key, cert: ca.trim(), passphrase: 'kp' });
    expect((s.ssl as { checkServerIdentity: () => unknown }).checkServerIdentity()).toBeUndefined();
    expect(clientSecurity(props({ 'security.protocol': 'SSL', 'ssl.ca.location': join(dir, 'ca.pem') })).ssl).toEqual({ ca });
    expect(() => clientSecurity(props({ 'security.protocol': 'SSL', 'ssl.truststore.location': '/x/truststore.jks' })))
      .toThrow('Invalid value JKS for configuration ssl.truststore.type: only PEM trust stores are supported');
    expect(() => clientSecurity(props({ 'security.protocol': 'SSL', 'ssl.ca.location': '/nonexistent/ca.pem' })))
      .toThrow('Invalid value /nonexistent/ca.pem for configuration ssl.ca.location: cannot read file: ENOENT');
  });
});

describe('kafkajsOptions and prefixed keys', () => {
  const worker = {
    'bootstrap.servers': 'b:9092', 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'SCRAM-SHA-512', 'sasl.jaas.config': SCRAM,
    'producer.compression.type': 'gzip', 'producer.acks': 'all', 'producer.linger.ms': '5', 'consumer.fetch.max.wait.ms': '100',
    'consumer.isolation.level': 'read_committed', 'admin.request.timeout.ms': '7000', 'session.timeout.ms': '10000',
  };
  it('layers worker keys < <role>. keys < <role>.override. keys', () => {
    const connector = { 'producer.override.sasl.jaas.config': SCRAM.replace('tsconnect', 'other'), 'producer.override.enable.idempotence': 'false' };
    const p = kafkajsOptions(roleClientProps(worker, 'producer', connector), 'producer');
    expect(p.client.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'other', password: 's3cr;et "x"' });
    expect(p.client.brokers).toEqual(['b:9092']);
    expect(p.producer).toEqual({ idempotent: false });
    expect(p.send).toEqual({ acks: -1, compression: CompressionTypes.GZIP });
    expect(p.unused).toEqual(['producer.linger.ms']);
    const c = kafkajsOptions(roleClientProps(worker, 'consumer', connector), 'consumer');
    expect(c.consumer).toEqual({ maxWaitTimeInMs: 100, readUncommitted: false });
    expect(c.client.sasl).toMatchObject({ username: 'tsconnect' });
    const reset = { 'consumer.override.auto.offset.reset': 'latest' };
    expect(roleClientProps({ ...worker, 'consumer.auto.offset.reset': 'earliest' }, 'consumer', reset)['auto.offset.reset']?.value).toBe('latest');
    expect(kafkajsOptions(roleClientProps(worker, 'consumer', reset), 'consumer').unused).toEqual([]);
    expect(() => kafkajsOptions(roleClientProps(worker, 'consumer', { 'consumer.override.auto.offset.reset': 'oldest' }), 'consumer'))
      .toThrow('Invalid value oldest for configuration consumer.override.auto.offset.reset: String must be one of: latest, earliest, none');
    const a = kafkajsOptions(roleClientProps(worker, 'admin'), 'admin');
    expect(a.client.requestTimeout).toBe(7000);
    // The worker's own clients: top-level keys only (session.timeout.ms is the group's, not a client key).
    expect(Object.keys(workerClientProps(worker)).sort()).toEqual(['bootstrap.servers', 'sasl.jaas.config', 'sasl.mechanism', 'security.protocol']);
  });
  it('names the prefixed key in errors', () => {
    expect(() => kafkajsOptions(roleClientProps(worker, 'producer', { 'producer.override.acks': '2' }), 'producer'))
      .toThrow('Invalid value 2 for configuration producer.override.acks: String must be one of: all, -1, 0, 1');
    expect(() => kafkajsOptions(roleClientProps(worker, 'producer', { 'producer.override.compression.type': 'snappy' }), 'producer'))
      .toThrow('Invalid value snappy for configuration producer.override.compression.type: kafkajs has no codec for it registered');
    expect(() => kafkajsOptions(roleClientProps({ 'consumer.fetch.min.bytes': '-1' }, 'consumer'), 'consumer'))
      .toThrow('Invalid value -1 for configuration consumer.fetch.min.bytes: Expected an integer of at least 0');
  });
});

describe('connector.client.config.override.policy', () => {
  const connector = { 'producer.override.sasl.jaas.config': SCRAM, 'producer.override.acks': '1', 'consumer.override.fetch.min.bytes': '1' };
  it('defaults to All (Kafka 3.0+) and accepts aliases and class names', () => {
    expect(overridePolicy({})).toBe('All');
    expect(overridePolicy({ 'connector.client.config.override.policy': 'org.apache.kafka.connect.connector.policy.PrincipalConnectorClientConfigOverridePolicy' })).toBe('Principal');
    expect(overridePolicy({ 'connector.client.config.override.policy': 'none' })).toBe('None');
    expect(() => overridePolicy({ 'connector.client.config.override.policy': 'Some' }))
      .toThrow('Invalid value Some for configuration connector.client.config.override.policy: expected None, Principal or All');
  });
  it('Principal allows only sasl.jaas.config, sasl.mechanism and security.protocol; None nothing', () => {
    expect(overrideViolations('All', ['producer', 'admin'], connector)).toEqual([]);
    expect(overrideViolations('Principal', ['producer', 'admin'], connector)).toEqual([
      { key: 'producer.override.acks', value: '1', message: "The 'Principal' policy does not allow 'acks' to be overridden in the connector configuration." },
    ]);
    expect(overrideViolations('None', ['producer'], connector).map((v) => v.key)).toEqual(['producer.override.sasl.jaas.config', 'producer.override.acks']);
    expect(() => checkOverrides({ 'connector.client.config.override.policy': 'None' }, 'sink', connector))
      .toThrow("Invalid value 1 for configuration consumer.override.fetch.min.bytes: Client Config Overrides not allowed: The 'None' policy does not allow 'fetch.min.bytes' to be overridden in the connector configuration.");
  });
});
