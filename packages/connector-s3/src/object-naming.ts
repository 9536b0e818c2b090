/**
 * Object keys as Confluent's TopicPartitionWriter builds them:
 * `<topics.dir>/<topic>/<encoded partition>/<topic>+<partition>+<start offset, zero-padded><ext>`.
 * The start offset in the name is what makes a re-written file land on the same key.
 */
export interface NamingOptions {
  readonly topicsDir: string;
  readonly directoryDelim: string;
  readonly fileDelim: string;
  readonly zeroPadWidth: number;
}

export function fileName(o: NamingOptions, topic: string, partition: number, startOffset: number, extension: string): string {
  return `${topic}${o.fileDelim}${partition}${o.fileDelim}${String(startOffset).padStart(o.zeroPadWidth, '0')}${extension}`;
}

/** Joins `topics.dir` (when not blank), the partitioned path and the file name. */
export function objectKey(o: NamingOptions, partitionedPath: string, name: string): string {
  const suffix = `${partitionedPath}${o.directoryDelim}${name}`;
  return o.topicsDir.trim() !== '' ? `${o.topicsDir}${o.directoryDelim}${suffix}` : suffix;
}

/** The prefix every object of `topic` starts with (all stock partitioners put the topic first). */
export function topicPrefix(o: NamingOptions, topic: string): string {
  return o.topicsDir.trim() !== '' ? `${o.topicsDir}${o.directoryDelim}${topic}${o.directoryDelim}` : `${topic}${o.directoryDelim}`;
}

/** The start offset of an object this topic partition wrote, or null when the key is not one of its files. */
export function parseStartOffset(o: NamingOptions, key: string, topic: string, partition: number): number | null {
  const name = o.directoryDelim === '' ? key : key.slice(key.lastIndexOf(o.directoryDelim) + o.directoryDelim.length);
  const head = `${topic}${o.fileDelim}${partition}${o.fileDelim}`;
  if (!name.startsWith(head)) return null;
  const match = /^(\d+)(\.|$)/.exec(name.slice(head.length));
  return match ? Number(match[1]) : null;
}
