export { startTestWorker, defaultTestWorkerProps } from './test-worker.js';
export type { TestWorker, TestWorkerOptions, WaitOptions } from './test-worker.js';
export { TestKafka, testKafka } from './test-kafka.js';
export type { ProduceRecord, ConsumedRecord, ConsumeOptions } from './test-kafka.js';
export { uniqueName } from './unique-name.js';
export { RestError, restCall } from './rest-client.js';
export { runSourceConformance, runSinkConformance } from './run-conformance.js';
export type {
  ConformanceContext, ConformanceOptionsBase, ExpectedRecord, SinkConformanceOptions, SourceConformanceOptions,
} from './conformance-options.js';
export { resolveOptions } from './conformance-options.js';
export { checkVersions, checkConfigValidation } from './config-checks.js';
export { checkSourceLifecycle, checkSourceStopWhilePolling, checkSourceOffsetsResume, checkSourceErrorReporting } from './source-checks.js';
export { checkSinkLifecycle, checkSinkTaskCallsSettle, checkSinkOffsetsResume, checkSinkErrorReporting } from './sink-checks.js';
export { LifecycleRecorder, recordingPlugin, INJECT_FAILURE_KEY, INJECTED_FAILURE_MESSAGE } from './recording-plugin.js';
export type { LifecycleEvent } from './recording-plugin.js';
export { assertConnectorOrder, assertTaskOrder } from './lifecycle-order.js';
