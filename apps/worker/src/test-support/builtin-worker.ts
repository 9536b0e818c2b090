import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandaloneWorker, type StandaloneWorker } from '@tsconnect/runtime';
import { testEnv } from '@tsconnect/test-support';
import { builtinPlugins } from '../builtin-plugins.js';

/**
 * An in-process standalone worker on test-env's Kafka with every built-in plugin, JsonConverter
 * for keys and values, and its offsets file in a new temp folder (`dir`); `extra` adds or overrides.
 */
export async function startBuiltinWorker(extra: Record<string, string> = {}): Promise<{ worker: StandaloneWorker; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tsconnect-worker-'));
  const worker = await startStandaloneWorker({
    workerProps: {
      'bootstrap.servers': testEnv('KAFKA_BOOTSTRAP'),
      'rest.port': '0',
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'offset.storage.file.filename': join(dir, 'offsets.json'),
      'offset.flush.interval.ms': '200',
      'log.level': 'warn',
      ...extra,
    },
    plugins: builtinPlugins(),
  });
  return { worker, dir };
}
