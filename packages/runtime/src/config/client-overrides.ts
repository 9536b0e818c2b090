import { ConfigException } from '@tsconnect/sdk';
import type { ClientProps } from './kafka-client-config.js';

export type ClientRole = 'producer' | 'consumer' | 'admin';

/**
 * Connection keys a task client takes from the top level of the worker config. Kafka's task
 * clients see only `producer.`/`consumer.`/`admin.` keys (plus bootstrap.servers), so a Java
 * setup repeats `security.protocol` etc. under each prefix; here the prefixed keys win, and
 * without them the worker's own connection settings apply (a config that works in Kafka works
 * unchanged, and one that sets security only once works too).
 */
const INHERITED = /^(bootstrap\.servers|security\.protocol|sasl\.|ssl\.|request\.timeout\.ms$|socket\.connection\.setup\.timeout\.ms$|retry\.backoff\.)/;

/** Keys of the worker's own clients (internal topics, group membership): the top level, as Kafka's. */
export function workerClientProps(worker: Readonly<Record<string, string>>): ClientProps {
  const out: Record<string, { value: string; key: string }> = {};
  for (const [k, v] of Object.entries(worker)) if (INHERITED.test(k) || k === 'client.id') out[k] = { value: v, key: k };
  return out;
}

/**
 * A task client's props, in Kafka's order: worker connection keys < worker `<role>.` keys <
 * connector `<role>.override.` keys (the latter only when the override policy allows them).
 */
export function roleClientProps(worker: Readonly<Record<string, string>>, role: ClientRole, connector: Readonly<Record<string, string>> = {}): ClientProps {
  const out: Record<string, { value: string; key: string }> = {};
  for (const [k, v] of Object.entries(worker)) if (INHERITED.test(k)) out[k] = { value: v, key: k };
  const rolePrefix = `${role}.`;
  for (const [k, v] of Object.entries(worker)) {
    // `consumer.override.` is a connector key; at the worker level only `<role>.<client key>`.
    if (k.startsWith(rolePrefix) && !k.startsWith(`${role}.override.`)) out[k.slice(rolePrefix.length)] = { value: v, key: k };
  }
  const overridePrefix = `${role}.override.`;
  for (const [k, v] of Object.entries(connector)) if (k.startsWith(overridePrefix)) out[k.slice(overridePrefix.length)] = { value: v, key: k };
  return out;
}

export type OverridePolicy = 'None' | 'Principal' | 'All';
export const OVERRIDE_POLICY_KEY = 'connector.client.config.override.policy';

/** Kafka's three policies by alias or class name; default All (Kafka 3.0+, KIP-722). */
export function overridePolicy(worker: Readonly<Record<string, string>>): OverridePolicy {
  const raw = worker[OVERRIDE_POLICY_KEY];
  if (raw === undefined || raw.trim() === '') return 'All';
  const simple = raw.trim().replace(/^org\.apache\.kafka\.connect\.connector\.policy\./, '').replace(/ConnectorClientConfigOverridePolicy$/, '');
  const found = (['None', 'Principal', 'All'] as const).find((p) => p.toLowerCase() === simple.toLowerCase());
  if (!found) {
    throw new ConfigException(OVERRIDE_POLICY_KEY, raw, 'expected None, Principal or All (or the class name of one of them)');
  }
  return found;
}

const PRINCIPAL_ALLOWED = new Set(['sasl.jaas.config', 'sasl.mechanism', 'security.protocol']);

/** The client roles a connector's tasks use (Kafka's connectorUsesProducer/Consumer/Admin). */
export function connectorClientRoles(type: 'source' | 'sink', connector: Readonly<Record<string, string>>): ClientRole[] {
  if (type === 'source') return ['producer', 'admin'];
  const dlq = (connector['errors.deadletterqueue.topic.name'] ?? '').trim() !== '';
  return dlq ? ['consumer', 'producer', 'admin'] : ['consumer'];
}

/** Per-key policy errors for `<role>.override.*` keys, with Kafka's message. */
export function overrideViolations(policy: OverridePolicy, roles: readonly ClientRole[],
  connector: Readonly<Record<string, string>>): { key: string; value: string; message: string }[] {
  const out: { key: string; value: string; message: string }[] = [];
  if (policy === 'All') return out;
  for (const role of roles) {
    const prefix = `${role}.override.`;
    for (const [k, v] of Object.entries(connector)) {
      if (!k.startsWith(prefix)) continue;
      const name = k.slice(prefix.length);
      if (policy === 'Principal' && PRINCIPAL_ALLOWED.has(name)) continue;
      out.push({ key: k, value: v, message: `The '${policy}' policy does not allow '${name}' to be overridden in the connector configuration.` });
    }
  }
  return out;
}

/** Throws (task start) when the policy forbids an override, as Kafka's Worker does. */
export function checkOverrides(worker: Readonly<Record<string, string>>, type: 'source' | 'sink', connector: Readonly<Record<string, string>>): void {
  const violations = overrideViolations(overridePolicy(worker), connectorClientRoles(type, connector), connector);
  if (violations.length > 0) {
    throw new ConfigException(violations[0]!.key, /jaas|password/i.test(violations[0]!.key) ? '[hidden]' : violations[0]!.value,
      `Client Config Overrides not allowed: ${violations.map((v) => v.message).join(' ')}`);
  }
}
