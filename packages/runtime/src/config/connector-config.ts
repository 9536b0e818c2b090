import { ConfigDef, ConfigException, Validators, type ConfigInfos, type ConfigValueInfo, type Plugin } from '@tsconnect/sdk';
import { PluginNotFoundError, type PluginRegistry } from '../plugins/plugin-registry.js';
import { BadRequestException } from '../herder/errors.js';
import { connectorClientRoles, overridePolicy, overrideViolations, roleClientProps } from './client-overrides.js';
import { kafkajsOptions } from './kafkajs-options.js';

const COMMON = 'Common';
const TRANSFORMS = 'Transforms';
const ERRORS = 'Error Handling';

/** Keys every connector config has (Kafka's ConnectorConfig), in Kafka's order. */
export const CONNECTOR_CONFIG_DEF = new ConfigDef()
  .define({ name: 'name', type: 'STRING', importance: 'HIGH', validator: Validators.nonEmptyString(), group: COMMON, orderInGroup: 1,
    documentation: 'Globally unique name to use for this connector.' })
  .define({ name: 'connector.class', type: 'STRING', importance: 'HIGH', group: COMMON, orderInGroup: 2,
    documentation: 'Name or alias of the connector plugin class.' })
  .define({ name: 'tasks.max', type: 'INT', defaultValue: 1, validator: Validators.atLeast(1), importance: 'HIGH', group: COMMON, orderInGroup: 3,
    documentation: 'Maximum number of tasks to use for this connector.' })
  .define({ name: 'key.converter', type: 'CLASS', defaultValue: null, importance: 'LOW', group: COMMON, orderInGroup: 4,
    documentation: 'Overrides the worker key.converter for this connector.' })
  .define({ name: 'value.converter', type: 'CLASS', defaultValue: null, importance: 'LOW', group: COMMON, orderInGroup: 5,
    documentation: 'Overrides the worker value.converter for this connector.' })
  .define({ name: 'header.converter', type: 'CLASS', defaultValue: null, importance: 'LOW', group: COMMON, orderInGroup: 6,
    documentation: 'Overrides the worker header.converter for this connector.' })
  .define({ name: 'transforms', type: 'LIST', defaultValue: '', importance: 'LOW', group: TRANSFORMS, orderInGroup: 7,
    documentation: 'Aliases of the transformations to apply to records, in order.' })
  .define({ name: 'predicates', type: 'LIST', defaultValue: '', importance: 'LOW', group: TRANSFORMS, orderInGroup: 8,
    documentation: 'Aliases of the predicates used by the transformations.' })
  .define({ name: 'errors.retry.timeout', type: 'LONG', defaultValue: 0, importance: 'MEDIUM', group: ERRORS, orderInGroup: 9,
    documentation: 'Max ms to retry a RetriableException in a converter or transformation (0: no retry, -1: forever). poll/put are retried until stopped, or for this long when > 0.' })
  .define({ name: 'errors.retry.delay.max.ms', type: 'LONG', defaultValue: 60_000, validator: Validators.atLeast(1), importance: 'MEDIUM', group: ERRORS, orderInGroup: 10,
    documentation: 'Upper bound of the exponential retry backoff (300 ms doubling); beyond it the delay is random up to this value.' })
  .define({ name: 'errors.tolerance', type: 'STRING', defaultValue: 'none', validator: Validators.in(['none', 'all']), importance: 'MEDIUM', group: ERRORS, orderInGroup: 11,
    documentation: 'none: an error in a converter or transformation fails the task; all: the record is skipped (and reported to the log/DLQ).' })
  .define({ name: 'errors.log.enable', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', group: ERRORS, orderInGroup: 12,
    documentation: 'Log each failed operation and its stage at ERROR.' })
  .define({ name: 'errors.log.include.messages', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', group: ERRORS, orderInGroup: 13,
    documentation: 'Include the record coordinates (topic, partition, offset, timestamp) in those logs; never key/value bytes.' })
  .define({ name: 'task.auto.restart.enable', type: 'BOOLEAN', defaultValue: null, importance: 'LOW', group: ERRORS, orderInGroup: 17,
    documentation: 'Overrides the worker task.auto.restart.enable for this connector.' });

/** Extra keys of sink connectors (Kafka's SinkConnectorConfig). */
export const SINK_CONNECTOR_CONFIG_DEF = CONNECTOR_CONFIG_DEF.merge(new ConfigDef()
  .define({ name: 'topics', type: 'LIST', defaultValue: '', importance: 'HIGH', group: COMMON, orderInGroup: 4,
    documentation: 'List of topics to consume, separated by commas.' })
  .define({ name: 'topics.regex', type: 'STRING', defaultValue: '', validator: Validators.regex(), importance: 'HIGH', group: COMMON, orderInGroup: 4,
    documentation: 'Regular expression giving topics to consume. Only one of topics or topics.regex should be specified.' })
  .define({ name: 'errors.deadletterqueue.topic.name', type: 'STRING', defaultValue: '', importance: 'MEDIUM', group: ERRORS, orderInGroup: 14,
    documentation: 'Topic that receives the original bytes of records that failed in a converter, a transformation or were reported by the task; empty: no DLQ.' })
  .define({ name: 'errors.deadletterqueue.topic.replication.factor', type: 'SHORT', defaultValue: 3, validator: Validators.atLeast(-1), importance: 'MEDIUM', group: ERRORS, orderInGroup: 15,
    documentation: 'Replication factor of the DLQ topic when the worker creates it (one partition).' })
  .define({ name: 'errors.deadletterqueue.context.headers.enable', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', group: ERRORS, orderInGroup: 16,
    documentation: 'Add __connect.errors.* headers (topic, partition, offset, connector, task, stage, class, exception) to DLQ records.' })
  .define({ name: 'consumer.auto.offset.reset', type: 'STRING', defaultValue: 'earliest', validator: Validators.in(['earliest', 'latest']),
    importance: 'LOW', documentation: 'Where to start when the group has no committed offset.' }));

/** Extra keys of source connectors (topic creation, Kafka's SourceConnectorConfig). */
export const SOURCE_CONNECTOR_CONFIG_DEF = CONNECTOR_CONFIG_DEF.merge(new ConfigDef()
  .define({ name: 'topic.creation.default.partitions', type: 'INT', defaultValue: 1, validator: Validators.atLeast(-1), importance: 'LOW',
    documentation: 'Partitions of topics this connector creates (-1: broker default).' })
  .define({ name: 'topic.creation.default.replication.factor', type: 'SHORT', defaultValue: 1, validator: Validators.atLeast(-1), importance: 'LOW',
    documentation: 'Replication factor of topics this connector creates (-1: broker default).' }));

export interface ValidatedConnectorConfig {
  readonly infos: ConfigInfos;
  readonly plugin: Extract<Plugin, { type: 'source' | 'sink' }>;
}

/**
 * Validates a connector config as Kafka's AbstractHerder.validateConnectorConfig: the
 * ConnectorConfig keys (plus transforms/predicates enrichment) merged with the connector's own
 * ConfigDef, converter classes, sink topic rules and the connector's `validate` hook.
 */
export async function validateConnectorConfig(registry: PluginRegistry, rawProps: Readonly<Record<string, string>>,
  transformer?: { transform(c: Readonly<Record<string, string>>): Record<string, string> },
  workerProps?: Readonly<Record<string, string>>): Promise<ValidatedConnectorConfig> {
  // As Kafka: `${provider:…}` references are resolved before validation (pass worker.configTransformer).
  const props = transformer ? transformer.transform(rawProps) : rawProps;
  const connectorClass = props['connector.class'];
  if (connectorClass === undefined || connectorClass.trim() === '') {
    // Kafka prints the whole config here; we leave it out because it may hold secrets.
    throw new BadRequestException('Connector config contains no connector type: missing required configuration "connector.class"');
  }
  let plugin: ValidatedConnectorConfig['plugin'];
  try {
    plugin = registry.resolve(connectorClass, ['source', 'sink']);
  } catch (e) {
    if (e instanceof PluginNotFoundError) throw new BadRequestException(e.message);
    throw e;
  }
  const connector = plugin.create();
  const base = plugin.type === 'sink' ? SINK_CONNECTOR_CONFIG_DEF : SOURCE_CONNECTOR_CONFIG_DEF;
  const { def: enriched, errors: enrichErrors } = enrich(registry, base, props);
  const overrides = clientOverrideInfos(plugin.type, props, workerProps);
  const def = enriched.merge(overrides.def).merge(connector.config());

  const extra: ConfigValueInfo[] = [...enrichErrors, ...overrides.errors];
  for (const key of ['key.converter', 'value.converter', 'header.converter'] as const) {
    const cls = props[key];
    if (cls === undefined || cls === '') continue;
    const type = key === 'header.converter' ? 'header_converter' : 'converter';
    if (!registry.find(cls, [type])) extra.push(errorInfo(key, cls, new ConfigException(key, cls, `Class ${cls} could not be found.`).message));
  }
  if (plugin.type === 'sink') extra.push(...sinkTopicErrors(props));
  if (connector.validate) extra.push(...(await connector.validate(props)).filter((v) => v.errors.length > 0));

  return { infos: def.configInfos(plugin.className, props, extra), plugin };
}

/** Kafka's message for a 400 on create/update when validation found errors. */
export function configErrorsMessage(infos: ConfigInfos): string {
  const lines = [`Connector configuration is invalid and contains the following ${infos.error_count} error(s):`];
  for (const c of infos.configs) for (const e of c.value.errors) lines.push(e);
  lines.push('You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`');
  return lines.join('\n');
}

/** Adds `transforms.<alias>.*` and `predicates.<alias>.*` keys (Kafka's ConnectorConfig.enrich). */
function enrich(registry: PluginRegistry, base: ConfigDef, props: Readonly<Record<string, string>>): { def: ConfigDef; errors: ConfigValueInfo[] } {
  let def = base;
  const errors: ConfigValueInfo[] = [];
  for (const [listKey, kind] of [['transforms', 'transformation'], ['predicates', 'predicate']] as const) {
    const aliases = (props[listKey] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    const seen = new Set<string>();
    for (const alias of aliases) {
      if (seen.has(alias)) errors.push(errorInfo(listKey, props[listKey]!, `Duplicate alias provided: ${alias}`));
      seen.add(alias);
      const prefix = `${listKey}.${alias}.`;
      const extra = new ConfigDef().define({ name: `${prefix}type`, type: 'CLASS', importance: 'HIGH', group: `${listKey === 'transforms' ? 'Transforms' : 'Predicates'}: ${alias}`,
        documentation: `Class for the '${alias}' ${kind}.` });
      if (listKey === 'transforms') {
        extra.define({ name: `${prefix}predicate`, type: 'STRING', defaultValue: null, documentation: 'Predicate alias; the transformation applies only where it matches.' })
          .define({ name: `${prefix}negate`, type: 'BOOLEAN', defaultValue: false, documentation: 'Apply where the predicate does not match.' });
      }
      def = def.merge(extra);
      const cls = props[`${prefix}type`];
      if (cls === undefined || cls === '') continue;
      const plugin = registry.find(cls, [kind]);
      if (!plugin) {
        errors.push(errorInfo(`${prefix}type`, cls, new ConfigException(`${prefix}type`, cls, `Class ${cls} could not be found.`).message));
        continue;
      }
      const own = new ConfigDef();
      for (const k of plugin.create().config().configKeys()) own.define({ ...k, name: prefix + k.name });
      def = def.merge(own);
    }
  }
  return { def, errors };
}

/**
 * `producer.override.*`/`consumer.override.*`/`admin.override.*` keys the connector's tasks use
 * (Kafka's validateClientOverrides): listed as keys of their own, with an error where
 * `connector.client.config.override.policy` forbids them or the value is unusable.
 */
function clientOverrideInfos(type: 'source' | 'sink', props: Readonly<Record<string, string>>,
  workerProps: Readonly<Record<string, string>> | undefined): { def: ConfigDef; errors: ConfigValueInfo[] } {
  const def = new ConfigDef();
  const errors: ConfigValueInfo[] = [];
  const roles = connectorClientRoles(type, props);
  for (const key of Object.keys(props)) {
    if (!roles.some((r) => key.startsWith(`${r}.override.`))) continue;
    def.define({ name: key, type: /password|jaas\.config/.test(key) ? 'PASSWORD' : 'STRING', defaultValue: null, importance: 'LOW',
      documentation: 'Kafka client setting for this connector\'s tasks (overrides the worker\'s).' });
  }
  if (!workerProps) return { def, errors };
  let policy;
  try {
    policy = overridePolicy(workerProps);
  } catch {
    return { def, errors }; // the worker config itself is refused at startup
  }
  const violations = overrideViolations(policy, roles, props);
  for (const v of violations) errors.push(errorInfo(v.key, v.value, v.message));
  if (violations.length === 0) {
    for (const role of roles) {
      try {
        kafkajsOptions(roleClientProps(workerProps, role, props), role);
      } catch (e) {
        if (e instanceof ConfigException && e.key.startsWith(`${role}.override.`)) errors.push(errorInfo(e.key, String(e.value), e.message));
        // errors of the worker's own keys are not this connector's fault
      }
    }
  }
  return { def, errors };
}

function sinkTopicErrors(props: Readonly<Record<string, string>>): ConfigValueInfo[] {
  const topics = (props['topics'] ?? '').trim();
  const regex = (props['topics.regex'] ?? '').trim();
  let message: string | null = null;
  if (topics !== '' && regex !== '') message = 'topics and topics.regex are mutually exclusive options, but both are set.';
  if (topics === '' && regex === '') message = 'Must configure one of topics or topics.regex';
  return message === null ? [] : [errorInfo('topics', topics, message), errorInfo('topics.regex', regex, message)];
}

function errorInfo(name: string, value: string, message: string): ConfigValueInfo {
  return { name, value, recommended_values: [], errors: [message], visible: true };
}
