import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startStandaloneWorker, type PluginRegistry, type StandaloneWorker } from '@tsconnect/runtime';
import { testEnv } from '@tsconnect/test-support';

const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = resolve(import.meta.dirname, '../../.artifacts');
const WORKER_DIST = resolve(import.meta.dirname, '../../../worker/dist/index.js');
const CONSOLE_DIST = resolve(import.meta.dirname, '../../dist');

/** What the tests use from apps/worker (loaded from its dist: the worker depends on us, not we on it). */
interface WorkerApp {
  builtinPlugins(): PluginRegistry;
  consoleRestExtensions(o: { workerProps: Record<string, string>; plugins: PluginRegistry; distDir?: string }): (app: never) => Promise<void>;
}

export interface LiveConsole {
  readonly worker: StandaloneWorker;
  readonly dir: string;
  readonly context: BrowserContext;
  readonly page: Page;
  /** `${restUrl}/ui/#…` */
  url(hash: string): string;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A standalone worker (built-in plugins, JsonConverter without schemas, the console's REST
 * extension) plus Debian's Chromium driven by playwright-core. Never downloads a browser.
 */
export async function startLiveConsole(): Promise<LiveConsole> {
  for (const [path, remedy] of [
    [CHROMIUM, 'bash test-env/install.sh browser'],
    [WORKER_DIST, 'npx nx run tsconnect:build'],
    [join(CONSOLE_DIST, 'index.html'), 'npx nx run @tsconnect/console:build'],
  ] as const) {
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`${remedy}\` first`);
  }
  const app = (await import(pathToFileURL(WORKER_DIST).href)) as WorkerApp;
  const dir = await mkdtemp(join(tmpdir(), 'tsconnect-console-'));
  const plugins = app.builtinPlugins();
  const workerProps = {
    'bootstrap.servers': testEnv('KAFKA_BOOTSTRAP'),
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable': 'false',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
    'rest.host.name': '127.0.0.1',
    'rest.port': '0',
    'offset.storage.file.filename': join(dir, 'offsets'),
    'offset.flush.interval.ms': '200',
    'log.level': 'warn',
  };
  const worker = await startStandaloneWorker({
    workerProps, plugins,
    restExtensions: app.consoleRestExtensions({ workerProps, plugins, distDir: CONSOLE_DIST }) as never,
  });
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(join(dir, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
      viewport: { width: 1366, height: 860 },
    });
  } catch (e) {
    await worker.stop();
    throw e;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  await mkdir(ARTIFACTS, { recursive: true });
  return {
    worker, dir, context, page,
    url: (hash) => `${worker.restUrl}/ui/${hash}`,
    async screenshot(name) {
      const path = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await context.close().catch(() => undefined);
      await worker.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
