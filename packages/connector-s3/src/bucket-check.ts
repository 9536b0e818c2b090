import { HeadBucketCommand, ListObjectsV2Command, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import type { S3SinkConfig } from './s3-sink-config.js';

/** What is wrong with the bucket, endpoint or credentials, and the config key to blame. */
export interface BucketProblem {
  readonly key: 's3.bucket.name' | 'aws.access.key.id' | 'aws.secret.access.key' | 'store.url' | 's3.region';
  readonly value: string | null;
  readonly message: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/**
 * Checks that the bucket exists and the credentials may use it (HeadBucket, as Confluent's
 * S3SinkConnector does on start). HEAD answers carry no error body, so a 403 is asked again with
 * ListObjectsV2 to learn S3's error code (InvalidAccessKeyId, SignatureDoesNotMatch, AccessDenied).
 * Returns null when the bucket is usable.
 */
export async function checkBucket(client: S3Client, config: S3SinkConfig): Promise<BucketProblem | null> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: config.bucket }));
    return null;
  } catch (e) {
    if (statusOf(e) === 403) {
      try {
        await client.send(new ListObjectsV2Command({ Bucket: config.bucket, MaxKeys: 1 }));
      } catch (detail) {
        return describeS3Failure(detail, config, 'ListObjectsV2');
      }
    }
    return describeS3Failure(e, config, 'HeadBucket');
  }
}

/** Turns an S3 or network error into a sentence naming the config key and its value. */
export function describeS3Failure(e: unknown, config: S3SinkConfig, operation: string): BucketProblem {
  const endpoint = config.storeUrl ?? `AWS S3 in ${config.region}`;
  const bucket = `S3 bucket "${config.bucket}" at ${endpoint}`;
  const status = statusOf(e);
  const code = e instanceof S3ServiceException ? e.name : ((e as { code?: string }).code ?? (e as Error).name);
  const detail = `${operation}: ${status !== undefined ? `HTTP ${status} ` : ''}${code}${s3Message(e)}`;
  if (status === 404 || code === 'NoSuchBucket' || code === 'NotFound') {
    return { key: 's3.bucket.name', value: config.bucket, message: `${bucket} does not exist (${detail})` };
  }
  if (code === 'InvalidAccessKeyId' || code === 'InvalidClientTokenId') {
    return { key: 'aws.access.key.id', value: config.accessKeyId, message: `The access key id "${config.accessKeyId}" is not known to ${endpoint} (${detail})` };
  }
  if (code === 'SignatureDoesNotMatch') {
    return { key: 'aws.secret.access.key', value: '[hidden]', message: `The secret access key does not match the access key id "${config.accessKeyId}" at ${endpoint} (${detail})` };
  }
  if (status === 403) {
    return { key: 'aws.access.key.id', value: config.accessKeyId, message: `Access to ${bucket} is denied for the access key id "${config.accessKeyId}" (${detail})` };
  }
  if (status === 301 || code === 'PermanentRedirect' || code === 'AuthorizationHeaderMalformed') {
    return { key: 's3.region', value: config.region, message: `${bucket} is not in region "${config.region}" (${detail})` };
  }
  if (status === undefined && (NETWORK_CODES.has(code) || code === 'TimeoutError')) {
    return { key: 'store.url', value: config.storeUrl, message: `Cannot reach the S3 endpoint ${endpoint} (${detail})` };
  }
  return { key: 's3.bucket.name', value: config.bucket, message: `${bucket} cannot be used (${detail})` };
}

function statusOf(e: unknown): number | undefined {
  return e instanceof S3ServiceException ? e.$metadata.httpStatusCode : undefined;
}

function s3Message(e: unknown): string {
  const message = (e as Error | undefined)?.message ?? '';
  // The SDK uses the code or "UnknownError" as message when the answer had no body (HEAD).
  return message && message !== (e as Error).name && message !== 'UnknownError' ? `: ${message}` : '';
}
