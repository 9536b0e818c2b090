export { startStandaloneWorker, loadConnectorConfigFile } from './start-standalone-worker.js';
export type { StandaloneWorker, StandaloneWorkerOptions, ConnectorConfigInput } from './start-standalone-worker.js';
export { PluginRegistry, PluginNotFoundError } from './plugins/plugin-registry.js';
export type { PluginInfo, PluginInstances } from './plugins/plugin-registry.js';
export { loadPluginPath } from './plugins/plugin-path.js';
export { parseProperties } from './config/properties-parser.js';
export { parseWorkerConfig, workerPropsFromEnv, loadWorkerProps, WORKER_CONFIG_DEF } from './config/worker-config.js';
export type { WorkerConfig } from './config/worker-config.js';
export {
  validateConnectorConfig, configErrorsMessage, CONNECTOR_CONFIG_DEF, SINK_CONNECTOR_CONFIG_DEF, SOURCE_CONNECTOR_CONFIG_DEF,
} from './config/connector-config.js';
export type { Herder } from './herder/herder.js';
export type * from './herder/herder-types.js';
export { StandaloneHerder } from './herder/standalone-herder.js';
export type { StandaloneHerderOptions } from './herder/standalone-herder.js';
export { ConnectRestException, NotFoundException, AlreadyExistsException, BadRequestException } from './herder/errors.js';
export type { OffsetBackingStore } from './storage/offset-backing-store.js';
export { offsetKey, parseOffsetKey } from './storage/offset-backing-store.js';
export { FileOffsetBackingStore } from './storage/file-offset-backing-store.js';
export type { ConfigBackingStore, TargetState } from './storage/config-backing-store.js';
export { MemoryConfigBackingStore } from './storage/config-backing-store.js';
export type { StatusBackingStore, ConnectorStatus, TaskStatus, ConnectState } from './storage/status-backing-store.js';
export { MemoryStatusBackingStore } from './storage/status-backing-store.js';
export { createRestServer } from './rest/rest-server.js';
export type { RestServerOptions } from './rest/rest-server.js';
export { Worker } from './worker/worker.js';
