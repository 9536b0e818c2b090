import type { SinkRecord, TopicPartition, TopicPartitionOffset } from '@tsconnect/sdk';
import type { DbSession } from './db-session.js';
import type { Dialect, Statement } from './dialect/dialect.js';
import { tpKey } from './partition-offsets.js';
import { tableIdFor } from './record-reader.js';

/**
 * exactly.once.enabled: the consumer position of every partition lives in a table of the target
 * database (`connector, topic, partition, next_offset`), written in the same transaction as the
 * rows. So after a crash the database itself says which records are applied: `open` seeks the
 * consumer there, and `put` drops anything below it (Kafka may redeliver from an older commit).
 * Offsets are Kafka's: the original topic/partition/offset, before transforms renamed anything.
 */
export class OffsetStore {
  private readonly stored = new Map<string, TopicPartitionOffset>();
  /** Partitions whose stored offset has been read from the database (absent from `stored` = none yet). */
  private readonly known = new Set<string>();
  /** Next offsets of jobs handed to the writer but not committed yet (pipelined puts). */
  private readonly inFlight = new Map<string, number>();
  private tableReady = false;
  private readonly ref: string;

  constructor(
    private readonly dialect: Dialect,
    table: string,
    private readonly connector: string,
  ) {
    const id = tableIdFor(table, '');
    this.ref = id.schema ? `${this.q(id.schema)}.${this.q(id.table)}` : this.q(id.table);
  }

  /** Always quoted: `partition` is a reserved word in MariaDB, whatever quote.sql.identifiers says. */
  private q(name: string): string {
    const c = this.dialect.name === 'postgresql' ? '"' : '`';
    return c + name.split(c).join(c + c) + c;
  }

  private p(i: number): string {
    return this.dialect.name === 'postgresql' ? `$${i}` : '?';
  }

  async ensureTable(session: DbSession): Promise<void> {
    if (this.tableReady) return;
    const text = this.dialect.name === 'postgresql' ? 'varchar(255)' : 'VARCHAR(255)';
    const sql = `CREATE TABLE IF NOT EXISTS ${this.ref} (${this.q('connector')} ${text} NOT NULL, ${this.q('topic')} ${text} NOT NULL, ` +
      `${this.q('partition')} INTEGER NOT NULL, ${this.q('next_offset')} BIGINT NOT NULL, ` +
      `PRIMARY KEY (${this.q('connector')}, ${this.q('topic')}, ${this.q('partition')}))`;
    try {
      await session.execute(sql);
    } catch (e) {
      // Two tasks racing on PostgreSQL's CREATE TABLE IF NOT EXISTS: one gets a unique violation.
      if ((e as { code?: string }).code !== '23505') throw e;
    }
    this.tableReady = true;
  }

  /** Reads the stored offsets of `partitions` (again, even if known: another task may have moved them). */
  async load(session: DbSession, partitions: readonly TopicPartition[]): Promise<TopicPartitionOffset[]> {
    if (partitions.length === 0) return [];
    await this.ensureTable(session);
    const rows = await session.query({
      sql: `SELECT ${this.q('topic')} AS topic, ${this.q('partition')} AS part, ${this.q('next_offset')} AS next FROM ${this.ref} WHERE ${this.q('connector')} = ${this.p(1)}`,
      params: [this.connector],
    });
    const found = new Map(rows.map((r) => [tpKey(String(r['topic']), Number(r['part'])), Number(r['next'])]));
    const out: TopicPartitionOffset[] = [];
    for (const { topic, partition } of partitions) {
      const k = tpKey(topic, partition);
      this.known.add(k);
      const offset = found.get(k);
      if (offset === undefined) this.stored.delete(k);
      else {
        const tpo = { topic, partition, offset };
        this.stored.set(k, tpo);
        out.push(tpo);
      }
    }
    return out;
  }

  /** True when a partition of `records` has not been read yet. */
  hasUnknown(records: readonly SinkRecord[]): boolean {
    let last = '';
    for (const r of records) {
      const k = tpKey(r.originalTopic, r.originalKafkaPartition);
      if (k !== last && !this.known.has(k)) return true;
      last = k;
    }
    return false;
  }

  /** A job that stores `offsets` is under way: its records count as applied for the puts after it. */
  pending(offsets: readonly TopicPartitionOffset[]): void {
    for (const o of offsets) {
      const k = tpKey(o.topic, o.partition);
      if ((this.inFlight.get(k) ?? -1) < o.offset) this.inFlight.set(k, o.offset);
    }
  }

  /** Loads the partitions of `records` not read yet (a put without a preceding open). */
  async loadUnknown(session: DbSession, records: readonly SinkRecord[]): Promise<void> {
    const missing = new Map<string, TopicPartition>();
    for (const r of records) {
      const k = tpKey(r.originalTopic, r.originalKafkaPartition);
      if (!this.known.has(k)) missing.set(k, { topic: r.originalTopic, partition: r.originalKafkaPartition });
    }
    if (missing.size > 0) await this.load(session, [...missing.values()]);
  }

  /** True when the record's offset is below the stored next offset: it is in the database already. */
  isApplied(r: SinkRecord): boolean {
    const k = tpKey(r.originalTopic, r.originalKafkaPartition);
    const s = this.stored.get(k);
    return (s !== undefined && r.originalKafkaOffset < s.offset) || r.originalKafkaOffset < (this.inFlight.get(k) ?? -1);
  }

  get(topic: string, partition: number): TopicPartitionOffset | undefined {
    return this.stored.get(tpKey(topic, partition));
  }

  forget(partitions: readonly TopicPartition[]): void {
    for (const { topic, partition } of partitions) {
      this.stored.delete(tpKey(topic, partition));
      this.known.delete(tpKey(topic, partition));
      this.inFlight.delete(tpKey(topic, partition));
    }
  }

  /** Next offsets (last + 1) per partition of `records`; only those that move forward. */
  advances(records: readonly SinkRecord[]): TopicPartitionOffset[] {
    const next = new Map<string, TopicPartitionOffset>();
    for (const r of records) {
      const k = tpKey(r.originalTopic, r.originalKafkaPartition);
      const offset = r.originalKafkaOffset + 1;
      if ((next.get(k)?.offset ?? -1) < offset) next.set(k, { topic: r.originalTopic, partition: r.originalKafkaPartition, offset });
    }
    return [...next.values()].filter((o) => Math.max(this.get(o.topic, o.partition)?.offset ?? -1, this.inFlight.get(tpKey(o.topic, o.partition)) ?? -1) < o.offset);
  }

  /** The upsert of `offsets`, to run inside the data transaction. */
  saveStatement(offsets: readonly TopicPartitionOffset[]): Statement {
    return { sql: this.saveSql(offsets, (i) => this.p(i)), params: offsets.flatMap((o) => [this.connector, o.topic, o.partition, o.offset]) };
  }

  /**
   * PostgreSQL: the same upsert with its values inlined, for a multi-statement simple query. An
   * E'' literal escapes backslashes itself, so it reads the same whatever standard_conforming_strings is.
   */
  saveText(offsets: readonly TopicPartitionOffset[]): string {
    const values = offsets.flatMap((o) => [this.connector, o.topic, o.partition, o.offset]);
    return this.saveSql(offsets, (i) => {
      const v = values[i - 1]!;
      return typeof v === 'number' ? String(v) : `E'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
    });
  }

  private saveSql(offsets: readonly TopicPartitionOffset[], value: (i: number) => string): string {
    const cols = ['connector', 'topic', 'partition', 'next_offset'].map((c) => this.q(c));
    const values = offsets.map((_o, i) => `(${[1, 2, 3, 4].map((j) => value(i * 4 + j)).join(', ')})`).join(', ');
    const upsert = this.dialect.name === 'postgresql'
      ? `ON CONFLICT (${cols.slice(0, 3).join(', ')}) DO UPDATE SET ${cols[3]} = EXCLUDED.${cols[3]}`
      : `ON DUPLICATE KEY UPDATE ${cols[3]} = VALUES(${cols[3]})`;
    return `INSERT INTO ${this.ref} (${cols.join(', ')}) VALUES ${values} ${upsert}`;
  }

  /** After COMMIT: the saved offsets are now the stored ones. */
  committed(offsets: readonly TopicPartitionOffset[]): void {
    for (const o of offsets) {
      const k = tpKey(o.topic, o.partition);
      this.stored.set(k, { topic: o.topic, partition: o.partition, offset: o.offset });
      this.known.add(k);
      if ((this.inFlight.get(k) ?? -1) <= o.offset) this.inFlight.delete(k);
    }
  }
}
