export { tsconnectPlugins, randomNumberSourcePlugin, logSinkPlugin } from './plugins.js';
export { RandomNumberSourceConnector } from './random-number-source-connector.js';
export { RandomNumberSourceTask, RANDOM_NUMBER_SCHEMA, sourcePartition } from './random-number-source-task.js';
export { RANDOM_SOURCE_CONFIG_DEF } from './random-number-source-config.js';
export { LogSinkConnector } from './log-sink-connector.js';
export { LogSinkTask } from './log-sink-task.js';
export { LOG_SINK_CONFIG_DEF } from './log-sink-config.js';
export { randomNumber } from './random-numbers.js';
export { VERSION } from './version.js';
