import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, uniqueName, waitFor } from '@tsconnect/test-support';
import { startLiveConsole, type LiveConsole } from './test-support/live-console.js';

/** The console in Chromium against a live in-process worker; screenshots land in .artifacts/. */
describe('console in a browser', () => {
  let c: LiveConsole;
  const source = uniqueName('console-src');
  const topic = uniqueName('console-lines');
  const sink = uniqueName('console-sink');
  let inputFile = '';

  beforeAll(async () => {
    c = await startLiveConsole();
    inputFile = join(c.dir, 'input.txt');
    await writeFile(inputFile, 'line1\nline2\n');
  });
  afterAll(async () => {
    await c?.close();
  });

  const rest = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${c.worker.restUrl}${path}`, {
      method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return text ? JSON.parse(text) : null;
  };
  const header = () => c.page.locator('section.card').first();

  it('creates a connector through the JSON editor, with per-field validation errors first', async () => {
    const { page } = c;
    await page.goto(c.url('#/new'));
    await page.fill('input[name=connector-name]', source);
    // Missing "topic": the validate endpoint's error shows next to that field.
    await page.fill('textarea.json', JSON.stringify({ 'connector.class': 'FileStreamSource', 'tasks.max': '1', file: inputFile }, null, 2));
    await page.click('button:has-text("Validate")');
    const errors = page.getByTestId('validation-errors');
    await errors.waitFor();
    const expected = (await rest('PUT', '/connector-plugins/FileStreamSource/config/validate', {
      'connector.class': 'FileStreamSource', 'tasks.max': '1', file: inputFile, name: source,
    })) as { configs: { value: { name: string; errors: string[] } }[] };
    const withErrors = expected.configs.filter((x) => x.value.errors.length > 0);
    expect(withErrors.map((x) => x.value.name)).toEqual(['topic']);
    expect(await errors.locator('li code').allTextContents()).toEqual(['topic']);
    expect(await errors.locator('li .err').allTextContents()).toEqual(withErrors[0]!.value.errors);
    await c.screenshot('01-create-validation-errors');

    await page.fill('textarea.json', JSON.stringify({ 'connector.class': 'FileStreamSource', 'tasks.max': '1', file: inputFile, topic }, null, 2));
    await page.click('button:has-text("Validate")');
    await page.getByTestId('validation-ok').waitFor();
    await page.click('button:has-text("Create")');
    await page.waitForURL(`**/ui/#/connectors/${source}`);
    await header().locator('h2 [data-state=RUNNING]').waitFor({ timeout: 20_000 });
    await page.locator('[data-task="0"] [data-state=RUNNING]').waitFor({ timeout: 20_000 });
    expect(await rest('GET', `/connectors/${source}/config`)).toEqual({
      'connector.class': 'FileStreamSource', 'tasks.max': '1', file: inputFile, topic, name: source,
    });
    expect(await page.locator('[data-task="0"] td.mono').textContent()).toBe(c.worker.workerId);
    await c.screenshot('02-connector-running');
  });

  it('pauses it and shows PAUSED, in the detail page and under the PAUSED filter', async () => {
    const { page } = c;
    await page.click('button:has-text("Pause")');
    await header().locator('h2 [data-state=PAUSED]').waitFor({ timeout: 10_000 });
    expect(((await rest('GET', `/connectors/${source}/status`)) as { connector: { state: string } }).connector.state).toBe('PAUSED');
    await page.goto(c.url('#/connectors?state=PAUSED'));
    await page.locator(`tr[data-connector="${source}"] [data-state=PAUSED]`).waitFor();
    await c.screenshot('03-connectors-paused-filter');
    await page.goto(c.url('#/connectors?state=RUNNING'));
    await page.locator('a.chip.active[data-filter=RUNNING]').waitFor();
    await page.waitForTimeout(300);
    expect(await page.locator(`tr[data-connector="${source}"]`).count()).toBe(0);
    await page.goto(c.url(`#/connectors/${source}`));
    await page.click('button:has-text("Resume")');
    await header().locator('h2 [data-state=RUNNING]').waitFor({ timeout: 10_000 });
  });

  it('restarts a failed task once its cause is fixed', async () => {
    const { page } = c;
    const outDir = join(c.dir, 'not-yet');
    const outFile = join(outDir, 'out.txt');
    await rest('POST', '/connectors', { name: sink, config: { 'connector.class': 'FileStreamSink', 'tasks.max': '1', topics: topic, file: outFile } });
    await page.goto(c.url(`#/connectors/${sink}`));
    await page.locator('[data-task="0"] [data-state=FAILED]').waitFor({ timeout: 20_000 });
    const trace = await page.locator('pre.trace').first().textContent();
    expect(trace).toContain(`Couldn't find or create file '${outFile}' for FileStreamSinkTask`);
    await c.screenshot('04-task-failed');

    await mkdir(outDir);
    await page.click('button:has-text("Restart task 0")');
    await page.locator('[data-task="0"] [data-state=RUNNING]').waitFor({ timeout: 20_000 });
    expect(await page.locator('pre.trace').count()).toBe(0);
    // The sink consumes what the source wrote: JSON strings without schemas.
    await waitFor('sink output', async () => {
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(outFile, 'utf8').catch(() => '');
      return text === 'line1\nline2\n' ? text : undefined;
    });
    await page.click('nav.tabs a:has-text("topics")');
    const row = page.locator(`tr[data-topic="${topic}"]`);
    await row.waitFor();
    await waitFor('lag 0 and 2 messages', async () =>
      (await row.getByTestId('lag').textContent()) === '0' && (await row.locator('td').nth(2).textContent()) === '2' ? true : undefined, { timeoutMs: 20_000 });
    await c.screenshot('05-sink-topics-lag');
  });

  it('browses a topic with decoded values and live tail', async () => {
    const { page } = c;
    await page.goto(c.url(`#/topics/${topic}`));
    const cards = page.locator('[data-testid=messages] article.message');
    await waitFor('2 messages', async () => ((await cards.count()) === 2 ? true : undefined));
    expect(await cards.locator('.kvrow:has(.label:text("value")) pre').allTextContents()).toEqual(['line1', 'line2']);
    expect(await cards.first().locator('.msg-head .badge').textContent()).toBe('JsonConverter');
    await page.check('input[name=tail]');
    await appendFile(inputFile, 'line3\n');
    await waitFor('tailed line3', async () => ((await cards.count()) === 3 ? true : undefined), { timeoutMs: 20_000 });
    expect(await cards.nth(2).locator('.kvrow:has(.label:text("value")) pre').textContent()).toBe('line3');
    expect(await cards.nth(2).getAttribute('data-offset')).toBe('2');
    await c.screenshot('06-topic-browser-tail');
  });

  it('shows a DLQ record with its __connect.errors.* headers', async () => {
    const { page } = c;
    const dlq = uniqueName('console-dlq');
    const kafka = new Kafka({ brokers: [testEnv('KAFKA_BOOTSTRAP')], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: dlq, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: dlq,
      messages: [{
        key: 'k1', value: '{"broken json',
        headers: {
          '__connect.errors.topic': 'orders', '__connect.errors.partition': '0', '__connect.errors.offset': '42',
          '__connect.errors.connector.name': 'jdbc-sink', '__connect.errors.task.id': '0', '__connect.errors.stage': 'VALUE_CONVERTER',
          '__connect.errors.class.name': 'org.apache.kafka.connect.json.JsonConverter',
          '__connect.errors.exception.class.name': 'org.apache.kafka.connect.errors.DataException',
          '__connect.errors.exception.message': 'Converting byte[] to Kafka Connect data failed due to serialization error',
          '__connect.errors.exception.stacktrace': 'org.apache.kafka.connect.errors.DataException: Converting byte[] …\n\tat JsonConverter.toConnectData',
          'trace-id': 'abc',
        },
      }],
    });
    await producer.disconnect();

    await page.goto(c.url(`#/dlq/${dlq}`));
    const box = page.getByTestId('dlq-headers');
    await box.waitFor({ timeout: 15_000 });
    const pairs = await box.locator('dl.kv > *').allTextContents();
    expect(pairs).toEqual([
      '__connect.errors.topic', 'orders', '__connect.errors.partition', '0', '__connect.errors.offset', '42',
      '__connect.errors.connector.name', 'jdbc-sink', '__connect.errors.task.id', '0', '__connect.errors.stage', 'VALUE_CONVERTER',
      '__connect.errors.class.name', 'org.apache.kafka.connect.json.JsonConverter',
      '__connect.errors.exception.class.name', 'org.apache.kafka.connect.errors.DataException',
      '__connect.errors.exception.message', 'Converting byte[] to Kafka Connect data failed due to serialization error',
    ]);
    expect(await box.locator('details summary').textContent()).toBe('__connect.errors.exception.stacktrace');
    const card = page.locator('article.message').first();
    // Not valid JSON: shown as UTF-8 text, with the converter's error.
    expect(await card.locator('.kvrow:has(.label:text("value")) pre').textContent()).toBe('{"broken json');
    expect(await card.locator('.kvrow:has(.label:text("key")) pre').textContent()).toBe('k1');
    expect(await card.locator('.headers .chip').allTextContents()).toEqual(['trace-id=abc']);
    await box.locator('details summary').click();
    await c.screenshot('07-dlq-record');
  });
});
