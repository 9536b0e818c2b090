import { describe, expect, it } from 'vitest';
import { testEnv } from '@tsconnect/test-support';
import { RestError, startTestWorker, uniqueName } from './index.js';
import { countingSourcePlugin } from './test-support/fixture-plugins.js';

describe('startTestWorker', () => {
  it('runs a connector through the REST helpers: create, await RUNNING, data in Kafka, delete', async () => {
    const worker = await startTestWorker({ bootstrapServers: testEnv('KAFKA_BOOTSTRAP'), plugins: [countingSourcePlugin()] });
    try {
      expect(worker.restUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const name = uniqueName('kit_w');
      const topic = uniqueName('kit_wt');
      const info = await worker.createConnector(name, { 'connector.class': 'CountingSource', topic });
      expect(info.name).toBe(name);
      const status = await worker.awaitConnectorRunning(name);
      expect([status.connector.state, status.tasks.map((t) => t.state)]).toEqual(['RUNNING', ['RUNNING']]);
      const records = await worker.kafka.consume(topic, { count: 4 });
      // Schemaless JSON: the string "0" is the text "0" in quotes.
      expect(records.map((r) => [r.key, r.value])).toEqual([[null, '"0"'], [null, '"1"'], [null, '"2"'], [null, '"3"']]);
      await worker.deleteConnector(name);
      await expect(worker.connectorStatus(name)).rejects.toThrow(new RestError(404, { message: `No status found for connector ${name}` }, 'GET', `/connectors/${name}/status`).message);
      const invalid = await worker.createConnector(uniqueName('kit_bad'), { 'connector.class': 'CountingSource' }).catch((e: unknown) => e);
      expect(invalid).toBeInstanceOf(RestError);
      expect((invalid as RestError).status).toBe(400);
      expect((invalid as RestError).message).toContain('topic');
    } finally {
      await worker.stop();
    }
  });
});
