export { FileStreamSourceConnector } from './file-stream-source-connector.js';
export { FileStreamSourceTask } from './file-stream-source-task.js';
export type { FileStreamSourceTaskOptions } from './file-stream-source-task.js';
export { FileStreamSinkConnector } from './file-stream-sink-connector.js';
export { FileStreamSinkTask } from './file-stream-sink-task.js';
export type { FileStreamSinkTaskOptions } from './file-stream-sink-task.js';
export {
  SOURCE_CONFIG_DEF, FILE_CONFIG, TOPIC_CONFIG, TASK_BATCH_SIZE_CONFIG, DEFAULT_TASK_BATCH_SIZE, FILENAME_FIELD, POSITION_FIELD,
} from './file-stream-source-config.js';
export { SINK_CONFIG_DEF, SINK_FILE_CONFIG } from './file-stream-sink-config.js';
export { LineSplitter } from './line-splitter.js';
export { javaString } from './java-string.js';
export { tsconnectPlugins } from './plugins.js';
