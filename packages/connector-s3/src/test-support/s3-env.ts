import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { testEnv, uniqueName } from '@tsconnect/test-support';
import avro from 'avsc';
import { BIGINT_LONG } from '../format/avro-data.js';

/** A client for the real S3 server of test-env (moto), to prepare buckets and read results back. */
export function testClient(): S3Client {
  return new S3Client({
    endpoint: testEnv('S3_ENDPOINT'),
    region: testEnv('S3_REGION'),
    forcePathStyle: testEnv('S3_FORCE_PATH_STYLE') === 'true',
    credentials: { accessKeyId: testEnv('S3_ACCESS_KEY_ID'), secretAccessKey: testEnv('S3_SECRET_ACCESS_KEY') },
  });
}

export async function newBucket(client: S3Client): Promise<string> {
  const bucket = uniqueName('s3').replace(/_/g, '-');
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

/** Connector props pointing at the test server. */
export function connectorProps(bucket: string, props: Record<string, string>): Record<string, string> {
  return {
    's3.bucket.name': bucket,
    's3.region': testEnv('S3_REGION'),
    'store.url': testEnv('S3_ENDPOINT'),
    'aws.access.key.id': testEnv('S3_ACCESS_KEY_ID'),
    'aws.secret.access.key': testEnv('S3_SECRET_ACCESS_KEY'),
    ...props,
  };
}

export async function listKeys(client: S3Client, bucket: string): Promise<string[]> {
  const res = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (res.Contents ?? []).map((o) => o.Key!).sort();
}

export async function readObject(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await res.Body!.transformToByteArray());
}

export async function etag(client: S3Client, bucket: string, key: string): Promise<string> {
  return (await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ETag!;
}

export function jsonLines(buf: Buffer): unknown[] {
  return buf.toString('utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as unknown);
}

/** Decodes an Avro object container file with avsc; returns the writer schema and the records. */
export async function decodeAvro(buf: Buffer): Promise<{ schema: unknown; codec: string; records: unknown[] }> {
  return new Promise((resolve, reject) => {
    const records: unknown[] = [];
    let schema: unknown = null;
    let codec = '';
    const decoder = new avro.streams.BlockDecoder({ parseHook: (s: avro.Schema) => avro.Type.forSchema(s, { registry: { long: BIGINT_LONG } } as Partial<avro.ForSchemaOptions>) } as never);
    decoder.on('metadata', (_type: unknown, c: string, header: { meta: Record<string, Buffer> }) => {
      codec = c;
      schema = JSON.parse(header.meta['avro.schema']!.toString('utf8')) as unknown;
    });
    decoder.on('data', (r: unknown) => records.push(r));
    decoder.on('end', () => resolve({ schema, codec, records }));
    decoder.on('error', reject);
    decoder.end(buf);
  });
}
