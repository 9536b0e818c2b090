import { testEnv } from '@tsconnect/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3SinkConnector } from './s3-sink-connector.js';
import { S3SinkTask } from './s3-sink-task.js';
import { freePort, startAuthMoto, type AuthMoto } from './test-support/private-moto.js';
import { fakeContext } from './test-support/records.js';

const base = { 'flush.size': '10', 'format.class': 'JsonFormat', 's3.region': 'us-east-1' };
const errorsOf = async (props: Record<string, string>) =>
  (await new S3SinkConnector().validate(props)).map((v) => ({ name: v.name, value: v.value, errors: v.errors }));

describe('validate() and task start against an S3 server that checks credentials (private moto with IAM auth)', () => {
  let moto: AuthMoto;
  beforeAll(async () => { moto = await startAuthMoto(); }, 30_000);
  afterAll(async () => moto?.stop());
  const props = (over: Record<string, string> = {}) => ({
    ...base, 's3.bucket.name': moto.bucket, 'store.url': moto.endpoint,
    'aws.access.key.id': moto.accessKeyId, 'aws.secret.access.key': moto.secretAccessKey, ...over,
  });

  it('accepts the right key for an existing bucket', async () => {
    expect(await errorsOf(props())).toEqual([]);
  });

  it('reports an unknown access key id on aws.access.key.id with S3\'s InvalidAccessKeyId', async () => {
    expect(await errorsOf(props({ 'aws.access.key.id': 'AKIANOTAKEY000000000' }))).toEqual([{
      name: 'aws.access.key.id', value: 'AKIANOTAKEY000000000',
      errors: [`The access key id "AKIANOTAKEY000000000" is not known to ${moto.endpoint} (ListObjectsV2: HTTP 403 InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our records.)`],
    }]);
  });

  it('reports a wrong secret on aws.secret.access.key with S3\'s SignatureDoesNotMatch, without echoing it', async () => {
    const [info] = await errorsOf(props({ 'aws.secret.access.key': 'not-the-secret' }));
    expect(info).toEqual({
      name: 'aws.secret.access.key', value: '[hidden]',
      errors: [expect.stringMatching(new RegExp(`^The secret access key does not match the access key id "${moto.accessKeyId}" at ${moto.endpoint} \\(ListObjectsV2: HTTP 403 SignatureDoesNotMatch: The request signature we calculated does not match`))],
    });
    expect(JSON.stringify(info)).not.toContain('not-the-secret');
  });

  it('reports a missing bucket on s3.bucket.name (authenticated HeadBucket: 404)', async () => {
    expect(await errorsOf(props({ 's3.bucket.name': 'no-such-bucket' }))).toEqual([{
      name: 's3.bucket.name', value: 'no-such-bucket',
      errors: [`S3 bucket "no-such-bucket" at ${moto.endpoint} does not exist (HeadBucket: HTTP 404 NotFound)`],
    }]);
  });

  it('fails the task on start with the same sentence, naming the key', async () => {
    const task = new S3SinkTask();
    await expect(task.start(props({ 'aws.access.key.id': 'AKIANOTAKEY000000000' }), fakeContext([{ topic: 't', partition: 0 }]))).rejects.toThrow(
      `aws.access.key.id: The access key id "AKIANOTAKEY000000000" is not known to ${moto.endpoint} (ListObjectsV2: HTTP 403 InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our records.)`,
    );
    await task.stop();
  });
});

describe('validate() against the shared S3 server', () => {
  const shared = (over: Record<string, string>) => ({
    ...base, 'store.url': testEnv('S3_ENDPOINT'), 'aws.access.key.id': 'test', 'aws.secret.access.key': 'test', 's3.bucket.name': 'x', ...over,
  });

  it('reports an unreachable endpoint on store.url after the configured retries', async () => {
    const port = await freePort(); // nothing listens there
    const url = `http://127.0.0.1:${port}`;
    const started = Date.now();
    expect(await errorsOf(shared({ 'store.url': url, 's3.part.retries': '2', 's3.retry.backoff.ms': '100' }))).toEqual([{
      name: 'store.url', value: url,
      errors: [`Cannot reach the S3 endpoint ${url} (HeadBucket: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port})`],
    }]);
    // Two retries: at least 50 + 100 ms of backoff (half of each doubling step is fixed).
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('reports config errors first, naming the key and value, without calling S3', async () => {
    expect(await errorsOf(shared({ 'store.url': 'ftp://nope' }))).toEqual([{ name: 'store.url', value: 'ftp://nope', errors: [expect.stringContaining('Must be an http(s):// URL')] }]);
    expect(await errorsOf(shared({ 's3.part.retries': '-1' }))).toEqual([{ name: 's3.part.retries', value: '-1', errors: [expect.stringContaining('s3.part.retries')] }]);
  });
});
