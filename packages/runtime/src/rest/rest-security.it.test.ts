import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandaloneWorker } from '../start-standalone-worker.js';
import { startTestWorker } from '../test-support/worker-harness.js';

let w: StandaloneWorker;
let cert: string;

/** HTTPS GET trusting only the test's self-signed certificate. */
function get(path: string, auth?: string): Promise<{ status: number; body: unknown; wwwAuthenticate?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(w.restUrl + path, { ca: cert, headers: auth ? { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {} }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) as unknown,
        ...(res.headers['www-authenticate'] ? { wwwAuthenticate: res.headers['www-authenticate'] } : {}) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tls-'));
  const key = join(dir, 'key.pem');
  const crt = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', crt, '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  cert = execFileSync('cat', [crt]).toString();
  w = await startTestWorker({
    listeners: 'https://127.0.0.1:0',
    'listeners.https.ssl.key.pem.location': key, 'listeners.https.ssl.cert.pem.location': crt,
    'rest.basic.auth.user.info': 'admin:s3cret:with-colon,reader:r',
  });
});
afterAll(async () => {
  await w?.stop();
});

describe('REST over TLS with basic auth', () => {
  it('serves https with the configured certificate and checks credentials', async () => {
    expect(w.restUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(await get('/health', 'admin:s3cret:with-colon')).toEqual({ status: 200, body: { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' } });
    expect(await get('/connectors', 'reader:r')).toEqual({ status: 200, body: [] });
    expect(await get('/connectors')).toEqual({ status: 401, body: { error_code: 401, message: 'Credentials are required to access this resource.' }, wwwAuthenticate: 'Basic realm="tsconnect"' });
    expect(await get('/connectors', 'admin:wrong')).toEqual({ status: 401, body: { error_code: 401, message: 'Invalid credentials' }, wwwAuthenticate: 'Basic realm="tsconnect"' });
    // /config/worker never shows the credentials.
    expect(((await get('/config/worker', 'reader:r')).body as Record<string, string>)['rest.basic.auth.user.info']).toBe('[hidden]');
  });

  it('names the missing key when an https listener has no certificate', async () => {
    await expect(startTestWorker({ listeners: 'https://127.0.0.1:0' })).rejects.toThrow(
      'Missing required configuration "listeners.https.ssl.key.pem.location" for the https listener https://127.0.0.1:0');
  });
});
