import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ByteSink } from './byte-sink.js';

/**
 * One S3 object written as Confluent's S3OutputStream does: bytes collect in memory until a part
 * is full (`s3.part.size`), then go out as a part of a multipart upload; an object smaller than one
 * part is a single PutObject. Nothing is visible under the key until `commit` completes.
 */
export class S3OutputStream implements ByteSink {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private uploadId: string | null = null;
  private readonly parts: { ETag: string; PartNumber: number }[] = [];
  private done = false;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    readonly key: string,
    private readonly partSize: number,
    private readonly metadata: Record<string, string>,
  ) {}

  append(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
    this.buffered += chunk.length;
  }

  async flush(): Promise<void> {
    while (this.buffered >= this.partSize) await this.uploadPart(this.take(this.partSize));
  }

  async commit(): Promise<void> {
    if (this.done) throw new Error(`Object ${this.key} was already committed or aborted`);
    await this.flush();
    const rest = this.take(this.buffered);
    if (this.uploadId === null) {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.key, Body: rest, Metadata: this.metadata }));
    } else {
      if (rest.length > 0) await this.uploadPart(rest);
      await this.client.send(new CompleteMultipartUploadCommand({
        Bucket: this.bucket, Key: this.key, UploadId: this.uploadId, MultipartUpload: { Parts: this.parts },
      }));
    }
    this.done = true;
  }

  async abort(): Promise<void> {
    this.chunks = [];
    this.buffered = 0;
    if (this.uploadId !== null && !this.done) {
      const uploadId = this.uploadId;
      this.uploadId = null;
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, UploadId: uploadId }));
    }
    this.done = true;
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const head = all.subarray(0, n);
    const tail = all.subarray(n);
    this.chunks = tail.length > 0 ? [tail] : [];
    this.buffered = tail.length;
    return head;
  }

  private async uploadPart(body: Buffer): Promise<void> {
    if (this.uploadId === null) {
      const created = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, Metadata: this.metadata }));
      if (!created.UploadId) throw new Error(`CreateMultipartUpload for ${this.key} returned no UploadId`);
      this.uploadId = created.UploadId;
    }
    const PartNumber = this.parts.length + 1;
    const res = await this.client.send(new UploadPartCommand({
      Bucket: this.bucket, Key: this.key, UploadId: this.uploadId, PartNumber, Body: body,
    }));
    if (!res.ETag) throw new Error(`UploadPart ${PartNumber} of ${this.key} returned no ETag`);
    this.parts.push({ ETag: res.ETag, PartNumber });
  }
}
