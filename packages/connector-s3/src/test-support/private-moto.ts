import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** moto_server from test-env's venv (test-env/install.sh s3 puts it there). */
const MOTO_SERVER = fileURLToPath(new URL('../../../../test-env/.cache/venv/bin/moto_server', import.meta.url));

export interface AuthMoto {
  readonly endpoint: string;
  /** An IAM user's key allowed s3:*, and a bucket made with it before authentication began. */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly bucket: string;
  stop(): Promise<void>;
}

/**
 * A private moto server that checks credentials (the shared test-env one accepts any): moto
 * enforces IAM authentication once INITIAL_NO_AUTH_ACTION_COUNT actions have been served. The
 * first 4 actions set up an IAM user with an s3:* policy, its access key and a bucket; every
 * request after that must be signed with a key moto knows, or it answers 403 InvalidAccessKeyId /
 * SignatureDoesNotMatch as S3 does. Our own process, on its own port: the shared server is untouched.
 */
export async function startAuthMoto(): Promise<AuthMoto> {
  const port = await freePort();
  const child: ChildProcess = spawn(MOTO_SERVER, ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, INITIAL_NO_AUTH_ACTION_COUNT: '4' },
    stdio: 'ignore',
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitForPort(port, 20_000);
    // Unauthenticated actions (1-3): moto routes on the credential scope of the Authorization header.
    await iam(endpoint, { Action: 'CreateUser', UserName: 'sink' });
    await iam(endpoint, {
      Action: 'PutUserPolicy', UserName: 'sink', PolicyName: 's3-all',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }),
    });
    const created = await iam(endpoint, { Action: 'CreateAccessKey', UserName: 'sink' });
    const accessKeyId = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(created)?.[1];
    const secretAccessKey = /<SecretAccessKey>([^<]+)<\/SecretAccessKey>/.exec(created)?.[1];
    if (!accessKeyId || !secretAccessKey) throw new Error(`CreateAccessKey answered without a key: ${created}`);
    // Action 4: the bucket.
    const bucket = 'auth-bucket';
    const res = await fetch(`${endpoint}/${bucket}`, { method: 'PUT', headers: { authorization: fakeAuthorization('s3') } });
    if (res.status !== 200) throw new Error(`CreateBucket on the private moto answered ${res.status}: ${await res.text()}`);
    return { endpoint, accessKeyId, secretAccessKey, bucket, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

async function iam(endpoint: string, params: Record<string, string>): Promise<string> {
  const res = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: fakeAuthorization('iam') },
    body: new URLSearchParams({ ...params, Version: '2010-05-08' }).toString(),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`IAM ${params['Action']} on the private moto answered ${res.status}: ${text}`);
  return text;
}

/** Not checked before authentication starts; moto only reads the service name from it. */
const fakeAuthorization = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00`;

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`moto_server did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
