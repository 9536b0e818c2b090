import type { SinkConnectorPlugin, SourceConnectorPlugin } from '@tsconnect/sdk';
import { ensure, type ConformanceContext, type ConformanceOptionsBase, type Resolved } from './conformance-options.js';
import { fullConfig } from './config-checks.js';
import { RestError } from './rest-client.js';
import type { TestWorker } from './test-worker.js';

/**
 * With `failingConfig`: a connector created from it must reach FAILED (connector or a task) with a
 * trace matching `expectedTrace`. A 400 at creation means the config fails validation instead,
 * which the config check already covers, so it is reported as a misuse of the option.
 */
export async function awaitFailure(
  plugin: SourceConnectorPlugin | SinkConnectorPlugin, r: Resolved<ConformanceOptionsBase>, ctx: ConformanceContext, worker: TestWorker,
): Promise<void> {
  const failing = r.options.failingConfig;
  if (!failing) return;
  const name = `${ctx.name}_failing`;
  const config = { ...(await fullConfig(plugin, { ...r, options: { ...r.options, config: failing } }, ctx)), name };
  try {
    await worker.createConnector(name, config);
  } catch (e) {
    if (e instanceof RestError && e.status === 400) {
      throw new Error(`options.failingConfig must pass validation and fail at runtime, but the worker rejected it: ${e.message}`);
    }
    throw e;
  }
  const deadline = Date.now() + r.timeoutMs;
  for (;;) {
    const s = await worker.connectorStatus(name).catch(() => null);
    const failed = s ? [s.connector, ...s.tasks].find((x) => x.state === 'FAILED') : undefined;
    if (failed) {
      ensure(failed.trace && failed.trace.length > 0, `connector ${name} FAILED without a trace`);
      if (r.options.expectedTrace) {
        ensure(r.options.expectedTrace.test(failed.trace), `the trace of ${name} does not match ${r.options.expectedTrace}: ${failed.trace}`);
      }
      break;
    }
    if (Date.now() > deadline) throw new Error(`connector ${name} (options.failingConfig) did not reach FAILED within ${r.timeoutMs} ms: ${JSON.stringify(s)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
  await worker.deleteConnector(name);
}
