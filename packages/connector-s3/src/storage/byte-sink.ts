/**
 * Where a format writes its bytes. `append` only buffers; `flush` does the slow part (compression,
 * uploading full parts) so memory stays bounded; `commit` makes the object visible in one step.
 */
export interface ByteSink {
  append(chunk: Uint8Array): void;
  flush(): Promise<void>;
  commit(): Promise<void>;
  /** Drops everything; a multipart upload in progress is aborted, nothing becomes visible. */
  abort(): Promise<void>;
}
