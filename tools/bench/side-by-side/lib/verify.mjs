// Completeness checks: every id 1..N exactly accounted for, by count, sum and xor of id hashes.
// A benchmark whose output fails these throws, and no figure is printed for it.

/** 32-bit mix of an id (murmur3 finaliser), so the xor catches swapped/missing ids a sum would not. */
export function idHash(id) {
  let h = (id ^ (id / 0x100000000)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function expectedIds(n) {
  let xor = 0;
  for (let i = 1; i <= n; i++) xor = (xor ^ idHash(i)) >>> 0;
  return { count: n, sum: (n * (n + 1)) / 2, xor };
}

export class IdCheck {
  constructor(n) {
    this.n = n;
    this.seen = new Uint8Array(n + 1);
    this.records = 0;
    this.distinct = 0;
    this.duplicates = 0;
    this.outOfRange = 0;
    this.sum = 0;
    this.xor = 0;
    this.problems = [];
  }

  add(id) {
    this.records++;
    if (!Number.isInteger(id) || id < 1 || id > this.n) {
      this.outOfRange++;
      return;
    }
    if (this.seen[id]) {
      this.duplicates++;
      return;
    }
    this.seen[id] = 1;
    this.distinct++;
    this.sum += id;
    this.xor = (this.xor ^ idHash(id)) >>> 0;
  }

  problem(text) {
    if (this.problems.length < 5) this.problems.push(text);
  }

  /** Throws "INCOMPLETE …" unless ids 1..n all arrived (duplicates are reported, not fatal). */
  verify(who) {
    const e = expectedIds(this.n);
    const bad = [...this.problems];
    if (this.distinct !== e.count) bad.push(`${this.distinct} distinct ids instead of ${e.count}`);
    if (this.sum !== e.sum) bad.push(`sum(id) ${this.sum} instead of ${e.sum}`);
    if (this.xor !== e.xor) bad.push(`xor(hash(id)) ${this.xor} instead of ${e.xor}`);
    if (this.outOfRange) bad.push(`${this.outOfRange} ids outside 1..${this.n}`);
    if (bad.length) throw new Error(`INCOMPLETE: ${who}: ${bad.join('; ')}`);
    return { records: this.records, distinct: this.distinct, duplicates: this.duplicates, sum: this.sum, xor: this.xor };
  }
}

/** The `payload` of a JsonConverter envelope {"schema":…,"payload":…} without parsing the (large) schema. */
export function jsonPayload(buf) {
  const s = buf.toString('utf8');
  const i = s.lastIndexOf('"payload":');
  if (i > 0 && s.endsWith('}')) {
    try {
      return JSON.parse(s.slice(i + 10, -1));
    } catch {
      // payload was not the last field: fall through
    }
  }
  return JSON.parse(s).payload;
}

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
