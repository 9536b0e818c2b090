import {
  DeleteObjectsCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectTaggingCommand,
  S3Client,
  S3ServiceException,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { S3SinkConfig } from '../s3-sink-config.js';
import { S3OutputStream } from './s3-output-stream.js';

const CONNECTION_TIMEOUT_MS = 10_000;
const MAX_RETRY_DELAY_MS = 20_000;

/** Delay before retry number `attempt` (1-based): half fixed, half random, doubling from `baseMs`. */
export function retryDelay(baseMs: number, attempt: number): number {
  const ceiling = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** The few S3 calls the sink needs, on one client built from the connector config. */
export class S3Storage {
  readonly client: S3Client;
  readonly bucket: string;
  private readonly partSize: number;

  constructor(config: S3SinkConfig) {
    this.bucket = config.bucket;
    this.partSize = config.partSize;
    const options: S3ClientConfig = {
      region: config.region,
      // Checksums only when an operation requires them: many S3-compatible stores reject the
      // newer default CRC trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // Throttling (503 SlowDown), 5xx and connection errors are retried s3.part.retries times,
      // waiting s3.retry.backoff.ms, then up to twice as long each time (jittered, as Confluent's
      // full-jitter backoff). Bodies are Buffers, so every request can be re-sent as is.
      retryStrategy: new ConfiguredRetryStrategy(config.partRetries + 1, (attempt) => retryDelay(config.retryBackoffMs, attempt)),
      // A black-holed endpoint fails in seconds rather than at the OS's TCP timeout.
      requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS },
    };
    if (config.storeUrl) {
      options.endpoint = config.storeUrl;
      options.forcePathStyle = config.pathStyle;
    }
    if (config.accessKeyId !== '') {
      options.credentials = { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey ?? '' };
    }
    this.client = new S3Client(options);
  }

  create(key: string, metadata: Record<string, string>): S3OutputStream {
    return new S3OutputStream(this.client, this.bucket, key, this.partSize, metadata);
  }

  async listKeys(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  async metadata(key: string): Promise<Record<string, string>> {
    const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
    return head.Metadata ?? {};
  }

  /** The object's tags, or null when the store does not implement tagging (e.g. Cloudflare R2). */
  async tags(key: string): Promise<Record<string, string> | null> {
    try {
      const res = await this.client.send(new GetObjectTaggingCommand({ Bucket: this.bucket, Key: key }));
      return Object.fromEntries((res.TagSet ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
    } catch (e) {
      if (isNotImplemented(e)) return null;
      throw e;
    }
  }

  /** False when the store does not implement tagging. */
  async putTags(key: string, tags: Record<string, string>): Promise<boolean> {
    try {
      await this.client.send(new PutObjectTaggingCommand({
        Bucket: this.bucket, Key: key, Tagging: { TagSet: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
      }));
      return true;
    } catch (e) {
      if (isNotImplemented(e)) return false;
      throw e;
    }
  }

  async deleteKeys(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const res = await this.client.send(new DeleteObjectsCommand({
        Bucket: this.bucket, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true },
      }));
      const failed = res.Errors ?? [];
      if (failed.length > 0) throw new Error(`Could not delete ${failed.map((f) => `${f.Key}: ${f.Message}`).join(', ')}`);
    }
  }

  close(): void {
    this.client.destroy();
  }
}

function isNotImplemented(e: unknown): boolean {
  return e instanceof S3ServiceException && (e.name === 'NotImplemented' || e.$metadata.httpStatusCode === 501);
}
