import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogicalReplicationClient } from './replication-client.js';
import { Lsn } from '../lsn.js';
import { count, pgUrl, readUntil, sql, uniqueName } from '../test-support/pg-env.js';
import type { InsertMessage, UpdateMessage, DeleteMessage, CommitMessage } from '../decoder/messages.js';

describe('LogicalReplicationClient basics (real PostgreSQL)', () => {
  const client = new LogicalReplicationClient(pgUrl());
  const table = uniqueName('t_basic');
  const slot = uniqueName('s_basic');
  const pub = uniqueName('p_basic');

  beforeAll(async () => {
    await sql(`CREATE TABLE ${table} (id int PRIMARY KEY, name text, n numeric)`);
    await client.createPublication(pub, [table]);
  });
  afterAll(async () => {
    await client.dropSlot(slot, { ifExists: true });
    await client.dropPublication(pub, { ifExists: true });
    await sql(`DROP TABLE IF EXISTS ${table}`);
  });

  it('creates a slot, streams insert/update/delete and reports the commit end LSN', async () => {
    const created = await client.createSlot(slot, { snapshot: 'nothing' });
    expect(created.slotName).toBe(slot);
    expect(created.consistentPoint.isZero()).toBe(false);
    expect(await client.publicationExists(pub)).toBe(true);

    await sql(
      `INSERT INTO ${table} VALUES (1, 'a', 123456789012345678901234567890.123456789)`,
      `UPDATE ${table} SET name = 'b' WHERE id = 1`,
      `DELETE FROM ${table} WHERE id = 1`,
    );
    const stream = await client.start({ slot, publications: [pub] });
    try {
      const events = await readUntil(stream, (_e, all) => count(all, 'commit') === 3);
      const types = events.map((e) => e.message.type);
      expect(types).toEqual(['begin', 'relation', 'insert', 'commit', 'begin', 'update', 'commit', 'begin', 'delete', 'commit']);
      const ins = events[2]!.message as InsertMessage;
      expect(ins.relation.name).toBe(table);
      expect(ins.relation.keyColumns).toEqual(['id']);
      expect(ins.new).toEqual({ id: 1, name: 'a', n: '123456789012345678901234567890.123456789' });
      const upd = events[5]!.message as UpdateMessage;
      expect(upd.old).toBeNull();
      expect(upd.new).toEqual({ id: 1, name: 'b', n: '123456789012345678901234567890.123456789' });
      const del = events[8]!.message as DeleteMessage;
      expect(del.oldKind).toBe('key');
      expect(del.old).toEqual({ id: 1, name: null, n: null });
      const commit = events[3]!.message as CommitMessage;
      expect(commit.endLsn.compare(commit.commitLsn)).toBe(1);
      // PostgreSQL puts the commit's end LSN in the XLogData header of the commit message.
      expect(events[3]!.lsn.equals(commit.endLsn)).toBe(true);
      expect(events[1]!.lsn.isZero()).toBe(true); // relation messages carry 0/0
      stream.ack(commit.endLsn);
    } finally {
      await stream.stop();
    }
    const info = await client.getSlot(slot);
    expect(info?.active).toBe(false);
    expect(info?.confirmedFlushLsn?.compare(Lsn.ZERO)).toBe(1);
  });
});
