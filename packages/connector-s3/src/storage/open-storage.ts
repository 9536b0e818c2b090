import type { BucketProblem } from '../bucket-check.js';
import type { S3SinkConfig } from '../s3-sink-config.js';
import type { S3Storage } from './s3-storage.js';

/** An S3Storage for `config` and the start-up check of its bucket, endpoint and credentials. */
export interface OpenedStorage {
  readonly storage: S3Storage;
  checkBucket(): Promise<BucketProblem | null>;
}

/**
 * Imports @aws-sdk/client-s3 only when a task starts or a config is validated: the SDK costs
 * ~23 MB of RSS once loaded, and every worker registers this plugin whether or not it runs an
 * S3 sink. Both callers are async already, so nothing waits that did not wait before.
 */
export async function openStorage(config: S3SinkConfig): Promise<OpenedStorage> {
  const [{ S3Storage }, { checkBucket }] = await Promise.all([import('./s3-storage.js'), import('../bucket-check.js')]);
  const storage = new S3Storage(config);
  return { storage, checkBucket: () => checkBucket(storage.client, config) };
}
