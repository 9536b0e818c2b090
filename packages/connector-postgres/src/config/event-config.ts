import { ConfigDef, Validators } from '@tsconnect/sdk';
import { oneOf } from './enum-validator.js';

const GROUP = 'Events';

export const DECIMAL_HANDLING_MODES = ['precise', 'double', 'string'] as const;
export type DecimalHandlingMode = (typeof DECIMAL_HANDLING_MODES)[number];
export const TIME_PRECISION_MODES = ['adaptive', 'adaptive_time_microseconds', 'connect'] as const;
export type TimePrecisionMode = (typeof TIME_PRECISION_MODES)[number];
export const INTERVAL_HANDLING_MODES = ['numeric', 'string'] as const;
export type IntervalHandlingMode = (typeof INTERVAL_HANDLING_MODES)[number];
export const OPERATIONS = ['c', 'u', 'd', 't', 'none'] as const;

/** How change events look: value representations, tombstones, skipped operations, heartbeats. */
export const eventConfigDef = new ConfigDef()
  .define({ name: 'decimal.handling.mode', type: 'STRING', defaultValue: 'precise', importance: 'MEDIUM', group: GROUP,
    validator: oneOf(DECIMAL_HANDLING_MODES), documentation: 'NUMERIC/MONEY as Connect Decimal (precise), double or string.' })
  .define({ name: 'time.precision.mode', type: 'STRING', defaultValue: 'adaptive', importance: 'MEDIUM', group: GROUP,
    validator: oneOf(TIME_PRECISION_MODES), documentation: 'Representation of temporal values (Debezium semantics).' })
  .define({ name: 'interval.handling.mode', type: 'STRING', defaultValue: 'numeric', importance: 'LOW', group: GROUP,
    validator: oneOf(INTERVAL_HANDLING_MODES), documentation: 'numeric: MicroDuration (int64 µs); string: ISO 8601 Interval.' })
  .define({ name: 'tombstones.on.delete', type: 'BOOLEAN', defaultValue: true, importance: 'MEDIUM', group: GROUP,
    documentation: 'Follow each delete event with a tombstone (same key, null value) for log compaction.' })
  .define({ name: 'skipped.operations', type: 'LIST', defaultValue: 't', importance: 'LOW', group: GROUP,
    validator: Validators.list(oneOf(OPERATIONS)),
    documentation: 'Operations not to emit: c (insert), u (update), d (delete), t (truncate), none.' })
  .define({ name: 'include.unknown.datatypes', type: 'BOOLEAN', defaultValue: false, importance: 'LOW', group: GROUP,
    documentation: 'Emit columns of types without a mapping as bytes of their text form instead of leaving them out.' })
  .define({ name: 'unavailable.value.placeholder', type: 'STRING', defaultValue: '__debezium_unavailable_value',
    importance: 'LOW', group: GROUP, documentation: 'Value of unchanged TOASTed columns that PostgreSQL did not send.' })
  .define({ name: 'heartbeat.interval.ms', type: 'INT', defaultValue: 0, importance: 'MEDIUM', group: GROUP,
    validator: Validators.atLeast(0), documentation: 'Emit a heartbeat record at this interval (0 = off).' })
  .define({ name: 'heartbeat.topics.prefix', type: 'STRING', defaultValue: '__debezium-heartbeat', importance: 'LOW',
    group: GROUP, documentation: 'Debezium 1.x name of topic.heartbeat.prefix (used when topic.heartbeat.prefix is not set).' })
  .define({ name: 'max.batch.size', type: 'INT', defaultValue: 2048, importance: 'LOW', group: GROUP,
    validator: Validators.atLeast(1), documentation: 'Most records one poll() returns.' })
  .define({ name: 'max.queue.size', type: 'INT', defaultValue: 8192, importance: 'LOW', group: GROUP,
    validator: Validators.atLeast(1), documentation: 'Capacity of the queue between the database reader and poll().' })
  .define({ name: 'poll.interval.ms', type: 'LONG', defaultValue: 500, importance: 'LOW', group: GROUP,
    validator: Validators.atLeast(0), documentation: 'How long poll() waits for records before returning an empty batch.' });
