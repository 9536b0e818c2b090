import type { ByteSink } from '../storage/byte-sink.js';
import type { S3Storage } from '../storage/s3-storage.js';

/** An in-memory stand-in for S3Storage for the rotation unit tests (the .it tests use the real server). */
export function memoryStorage(): { storage: S3Storage; objects: Map<string, Buffer>; tags: Map<string, Record<string, string>> } {
  const objects = new Map<string, Buffer>();
  const tags = new Map<string, Record<string, string>>();
  const storage = {
    create(key: string): ByteSink {
      const chunks: Buffer[] = [];
      return {
        append: (c) => { chunks.push(Buffer.from(c)); },
        flush: async () => undefined,
        commit: async () => { objects.set(key, Buffer.concat(chunks)); },
        abort: async () => undefined,
      };
    },
    putTags: async (key: string, t: Record<string, string>) => { tags.set(key, t); return true; },
    deleteKeys: async (keys: string[]) => { for (const k of keys) objects.delete(k); },
  };
  return { storage: storage as unknown as S3Storage, objects, tags };
}
