import type { TopicPartition } from '@tsconnect/sdk';
import { parseStartOffset, topicPrefix, type NamingOptions } from './object-naming.js';
import type { S3Storage } from './storage/s3-storage.js';

/** User metadata on every object: the offset its batch started at (the previous batch's end + 1). */
export const BATCH_START_METADATA = 'tsconnect-batch-start';
/** Tags on the last object of a batch, put once every object of the batch is uploaded. */
export const TAG_BATCH_START = 'tsconnect.batch.start';
export const TAG_BATCH_NEXT = 'tsconnect.batch.next';
export const TAG_BATCH_FILES = 'tsconnect.batch.files';

export interface Recovery {
  /** Where consumption must restart: every record before it is in the bucket, none after it. */
  readonly offset: number;
  /** Objects of an incomplete batch that were deleted so re-writing it cannot duplicate records. */
  readonly deleted: readonly string[];
}

/**
 * Finds this topic partition's position from the objects already in the bucket.
 *
 * File names only carry start offsets, so the names pick the candidates and the last batch's
 * marker says where it ended: files are committed in batches (all open files at each rotation),
 * every file of a batch starts at or after the batch start, and the file with the highest start
 * offset belongs to the newest batch. When that file carries the "batch complete" tags and the
 * bucket holds as many files from the batch start on as the tags count, the batch is complete and
 * consumption resumes at its end. Otherwise the task crashed while uploading the batch: its
 * uploaded files are deleted and consumption resumes at the batch start, which re-writes it.
 * Returns null when the bucket has no file of ours for the partition (consumer offsets then rule).
 */
export async function recoverOffset(storage: S3Storage, naming: NamingOptions, tp: TopicPartition): Promise<Recovery | null> {
  const files = (await storage.listKeys(topicPrefix(naming, tp.topic)))
    .map((key) => ({ key, start: parseStartOffset(naming, key, tp.topic, tp.partition) }))
    .filter((f): f is { key: string; start: number } => f.start !== null);
  if (files.length === 0) return null;
  const newest = files.reduce((a, b) => (b.start > a.start ? b : a));
  const batchStartText = (await storage.metadata(newest.key))[BATCH_START_METADATA];
  if (batchStartText === undefined || !/^\d+$/.test(batchStartText)) return null; // not written by this connector
  const batchStart = Number(batchStartText);
  const batch = files.filter((f) => f.start >= batchStart);
  const tags = await storage.tags(newest.key);
  if (
    tags !== null &&
    tags[TAG_BATCH_START] === batchStartText &&
    tags[TAG_BATCH_NEXT] !== undefined &&
    Number(tags[TAG_BATCH_FILES]) === batch.length
  ) {
    return { offset: Number(tags[TAG_BATCH_NEXT]), deleted: [] };
  }
  const deleted = batch.map((f) => f.key);
  await storage.deleteKeys(deleted);
  return { offset: batchStart, deleted };
}
