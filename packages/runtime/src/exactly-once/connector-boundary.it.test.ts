import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { testEnv, uniqueName, waitFor } from '@tsconnect/test-support';
import { PluginRegistry } from '../plugins/plugin-registry.js';
import { startStandaloneWorker } from '../start-standalone-worker.js';
import { sortAbortedTransactionsInKafkajs } from '../storage/kafkajs-aborted-transactions.js';
import { exactlyOnceTestPlugins } from '../test-support/exactly-once-test-plugins.js';
import { testPlugins } from '../test-support/test-plugins.js';
import { consumeAll, createTopic, testKafka } from '../test-support/worker-harness.js';

sortAbortedTransactionsInKafkajs();

describe('transaction.boundary=connector (TransactionContext)', () => {
  it('commits after the records the task names and discards aborted transactions', async () => {
    const name = uniqueName('eos-conn');
    const topic = `${name}-data`;
    const offsets = `${name}-offsets`;
    const COUNT = 300;
    await createTopic(testKafka(), topic);
    const worker = await startStandaloneWorker({
      workerProps: {
        'bootstrap.servers': testEnv('KAFKA_BOOTSTRAP'), 'key.converter': 'test.StringConverter', 'value.converter': 'test.StringConverter',
        'rest.port': '0', 'rest.host.name': '127.0.0.1', 'offset.storage.file.filename': join(await mkdtemp(join(tmpdir(), 'tsc-')), 'o.json'),
        'exactly.once.source.support': 'enabled', 'group.id': name, 'offset.storage.topic': offsets,
        'offset.storage.replication.factor': '1', 'offset.storage.partitions': '1',
      },
      connectorConfigs: [{
        name, 'connector.class': 'test.SequenceSourceConnector', topic, 'count.max': String(COUNT), 'batch.size': '13',
        'transaction.boundary': 'connector', 'boundary.every': '7', 'abort.every': '50',
      }],
      plugins: new PluginRegistry().register(...testPlugins, ...exactlyOnceTestPlugins),
      logger: pino({ level: 'silent' }),
    });
    // Transactions end after n % 7 == 6 (commit) or n % 50 == 49 (abort); the tail commits at stop.
    const expected: string[] = [];
    let open: string[] = [];
    let commits = 0;
    for (let n = 0; n < COUNT; n++) {
      open.push(`0:${n}`);
      if (n % 50 === 49) open = [];
      else if (n % 7 === 6) { expected.push(...open); open = []; commits++; }
    }
    const committedBeforeStop = expected.length;
    expected.push(...open);
    if (open.length > 0) commits++;
    const kafka = testKafka();
    await waitFor('committed transactions', async () => ((await consumeAll(kafka, topic, committedBeforeStop)).length === committedBeforeStop ? true : undefined), { timeoutMs: 30_000 });
    await worker.stop(); // commits the open tail
    const values = (await consumeAll(kafka, topic, expected.length)).map((m) => m.value);
    expect(values).toEqual(expected);
    // One offsets record per committed transaction, none for aborted ones.
    const stored = await consumeAll(kafka, offsets, commits);
    expect(stored).toHaveLength(commits);
    expect(stored.at(-1)).toMatchObject({ key: JSON.stringify([name, { task: 0 }]), value: JSON.stringify({ seq: Number(expected.at(-1)!.split(':')[1]) }) });
  }, 60_000);
});
