/**
 * The iteration order of a java.util.HashMap (JDK 17). Confluent's JsonSchemaData builds JSON
 * Schemas with everit, which keeps `properties` and the `connect.*` keywords in HashMaps, so the
 * schema text Java registers lists them in hash order. We reproduce it so that a schema we register
 * is byte-identical to the one a Java worker registers (the registry then sees the same schema).
 */

/** Java String.hashCode, spread as HashMap.hash does. */
export function javaHash(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return h ^ (h >>> 16);
}

function tableSizeFor(cap: number): number {
  let n = 1;
  while (n < cap) n *= 2;
  return n;
}

/** A minimal model of HashMap's table: buckets of keys in insertion order, resized as Java does. */
class JavaHashMapModel {
  private table: string[][] | null = null;
  private threshold: number;
  private size = 0;

  constructor(initialCapacity?: number) {
    this.threshold = initialCapacity === undefined ? 0 : tableSizeFor(Math.max(initialCapacity, 1));
  }

  /** HashMap(Map m): presized for m.size() entries (JDK 17's putMapEntries). */
  static copyOf(keys: readonly string[]): JavaHashMapModel {
    const m = new JavaHashMapModel();
    if (keys.length > 0) m.threshold = tableSizeFor(Math.floor(keys.length / 0.75 + 1));
    for (const k of keys) m.put(k);
    return m;
  }

  put(key: string): void {
    if (this.table === null) this.resize();
    const bucket = this.table![javaHash(key) & (this.table!.length - 1)]!;
    if (bucket.includes(key)) return;
    bucket.push(key);
    // TREEIFY_THRESHOLD: a 9th key in one bucket of a table smaller than 64 doubles the table.
    if (bucket.length > 8 && this.table!.length < 64) this.resize();
    if (++this.size > this.threshold) this.resize();
  }

  keys(): string[] {
    return (this.table ?? []).flat();
  }

  private resize(): void {
    const oldCap = this.table?.length ?? 0;
    let newCap: number;
    let newThr = 0;
    if (oldCap > 0) {
      newCap = oldCap * 2;
      if (oldCap >= 16) newThr = this.threshold * 2;
    } else if (this.threshold > 0) {
      newCap = this.threshold;
    } else {
      newCap = 16;
      newThr = 12;
    }
    if (newThr === 0) newThr = Math.floor(newCap * 0.75);
    this.threshold = newThr;
    const table: string[][] = Array.from({ length: newCap }, () => []);
    // Splitting keeps the relative order of the keys within each bucket, as Java's lo/hi lists do.
    for (const k of this.table?.flat() ?? []) table[javaHash(k) & (newCap - 1)]!.push(k);
    this.table = table;
  }
}

/** Keys of `new HashMap<>()` after putting `keys` in order. */
export function hashMapOrder(keys: readonly string[]): string[] {
  const m = new JavaHashMapModel();
  for (const k of keys) m.put(k);
  return m.keys();
}

/** Keys of `new HashMap<>(source)` where `source` is a default HashMap filled with `keys` in order. */
export function copiedHashMapOrder(keys: readonly string[]): string[] {
  return JavaHashMapModel.copyOf(hashMapOrder(keys)).keys();
}

/** Keys of `new HashMap<>(n)` filled with `keys` in order (org.json's JSONObject(Map)). */
export function sizedHashMapOrder(keys: readonly string[]): string[] {
  const m = new JavaHashMapModel(keys.length);
  for (const k of keys) m.put(k);
  return m.keys();
}
