import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tsconnectPlugins as converterPlugins } from '@tsconnect/converter-json';
import { PluginRegistry, startStandaloneWorker, type StandaloneWorker } from '@tsconnect/runtime';
import { testEnv, uniqueName, waitFor } from '@tsconnect/test-support';
import { tsconnectPlugins } from './plugins.js';

const running: StandaloneWorker[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const w of running.splice(0)) await w.stop();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function startWorker(offsetFile: string, connectorConfigs: Record<string, string>[]): Promise<StandaloneWorker> {
  const worker = await startStandaloneWorker({
    workerProps: {
      'bootstrap.servers': testEnv('KAFKA_BOOTSTRAP'),
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'rest.port': '0',
      'rest.host.name': '127.0.0.1',
      'offset.storage.file.filename': offsetFile,
      'offset.flush.interval.ms': '100',
      'log.level': process.env['LOG_LEVEL'] ?? 'silent',
    },
    // Only the value/key converters: converter-json also registers header converters under the same
    // class names, which this runtime's registry currently rejects as duplicates.
    plugins: new PluginRegistry().register(...converterPlugins.filter((p) => p.type === 'converter'), ...tsconnectPlugins),
    connectorConfigs,
  });
  running.push(worker);
  return worker;
}

/** Waits until `file` holds exactly `expected`; on timeout the error shows what it held. */
async function waitForContent(file: string, expected: string): Promise<void> {
  await waitFor(`${file} to equal ${JSON.stringify(expected)}`, async () => {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text !== expected) throw new Error(`it holds ${JSON.stringify(text)}`);
    return true;
  }, { timeoutMs: 45_000 });
}

describe('FileStream connectors through real Kafka', () => {
  it('copies a file line by line source → Kafka → sink, and resumes after a worker restart without duplicates', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'file-rt-'));
    dirs.push(dir);
    const input = join(dir, 'in.txt');
    const output = join(dir, 'out.txt');
    const offsets = join(dir, 'offsets.json');
    const topic = uniqueName('file_rt');
    const configs: Record<string, string>[] = [
      // Simple names and Kafka's class names both resolve to this package's plugins.
      { name: uniqueName('src'), 'connector.class': 'FileStreamSource', file: input, topic, 'batch.size': '2' },
      { name: uniqueName('snk'), 'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector', file: output, topics: topic },
    ];
    await writeFile(input, 'one\nGrüße 😀\r\n\nfour\npart');

    const first = await startWorker(offsets, configs);
    await waitForContent(output, 'one\nGrüße 😀\n\nfour\n');
    await appendFile(input, 'ial\n');
    await waitForContent(output, 'one\nGrüße 😀\n\nfour\npartial\n');
    await waitFor('the source offset of the last line in the offsets file', async () =>
      ((await readFile(offsets, 'utf8').catch(() => '')).includes('{\\"position\\":32}') ? true : undefined));
    await first.stop();
    running.splice(0);

    await appendFile(input, 'after restart\n');
    await startWorker(offsets, configs);
    await waitForContent(output, 'one\nGrüße 😀\n\nfour\npartial\nafter restart\n');
    // Give a duplicate the time to show up before the final comparison.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await readFile(output, 'utf8')).toBe('one\nGrüße 😀\n\nfour\npartial\nafter restart\n');
  });
});
