import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogicalReplicationClient } from './replication-client.js';
import { count, pgUrl, readUntil, sql, uniqueName } from '../test-support/pg-env.js';
import type { Tuple } from '../decoder/messages.js';

const COLUMNS = `id int PRIMARY KEY, m money, iv interval, ttz timetz, ip inet, net cidr, mac macaddr, mac8 macaddr8,
  bits bit(10), vb varbit, lsn pg_lsn, ma money[], iva interval[], ipa inet[], vba varbit[], ttza timetz[]`;

// Edge values: signs, zero, extremes, zone offsets with seconds, IPv6 compression and embedded IPv4, empty varbit.
// Intervals stay one microsecond inside the extremes: PostgreSQL 17 reserves the all-extreme triple for ±infinity.
const ROWS = [
  `(1, 12.34, '1 year 2 mons 3 days 04:05:06.789', '13:45:30+05:30', '192.168.0.1/24', '10.0.0.0/8', '08:00:2b:01:02:03',
    '08:00:2b:ff:fe:01:02:03', B'1010101010', B'101', '16/B374D848', '{1.5,-2}', '{"1 day","-00:00:01.5"}',
    '{::1,10.1.2.3}', '{1,""}', '{"00:00:00+00"}')`,
  `(2, -1234567.89, '-1 days +04:05:06', '00:00:00-08', '::1', '2001:db8::/32', 'ff:ff:ff:ff:ff:ff',
    '00:00:00:00:00:00:00:00', B'0000000001', B'', '0/0', '{}', '{{"1 mon","2 mons"},{"3 days",NULL}}', '{NULL}', '{}', '{}')`,
  `(3, '-92233720368547758.08', '-1 years -2 mons +3 days -00:00:01', '23:59:59.999999+01:02:03', '::ffff:1.2.3.4',
    '1::/128', '01:02:03:04:05:06', '01:02:03:04:05:06:07:08', B'1111111111', B'1111111100000000111', 'FFFFFFFF/FFFFFFFF',
    '{92233720368547758.07}', '{"-178956970 years -8 mons -2147483648 days -2562047788:00:54.775807"}',
    '{0.0.0.0/0,::/0}', '{0,1,101}', '{"24:00:00-15:59"}')`,
  `(4, 0, '0', '24:00:00-15:59', '1:0:0:2:0:0:0:3', '0.0.0.0/0', '00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff:ff:ff',
    B'0000000000', B'1', '1/0', NULL, '{"100 hours","-3 mons +1 day","00:00:00.000001"}', '{fe80::abcd/64,1.2.3.4/0}',
    NULL, '{"12:00:00.5+00"}')`,
  `(5, 0.5, '178956970 years 7 mons 2147483647 days 2562047788:00:54.775806', '12:00:00.5+00', 'fe80::abcd/64', '::/0',
    '0a:0b:0c:0d:0e:0f', '0a:0b:0c:0d:0e:0f:10:11', B'1000000000', B'10000000', 'A/1', '{0.01}', '{10 mons}',
    '{1:2:3:4:5:6:7:8,::ffff:0:0}', '{1}', NULL)`,
  `(6, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
];

describe('binary mode: money, interval, timetz, inet/cidr, macaddr, bit/varbit (real PostgreSQL)', () => {
  const client = new LogicalReplicationClient(pgUrl());
  const table = uniqueName('t_binv');
  const slot = uniqueName('s_binv');
  const pub = uniqueName('p_binv');

  beforeAll(async () => {
    await sql(`CREATE TABLE ${table} (${COLUMNS})`);
    await client.createPublication(pub, [table]);
    await client.createSlot(slot, { snapshot: 'nothing' });
    await sql(`INSERT INTO ${table} VALUES ${ROWS.join(',\n')}`);
  });
  afterAll(async () => {
    await client.dropSlot(slot, { ifExists: true });
    await client.dropPublication(pub, { ifExists: true });
    await sql(`DROP TABLE IF EXISTS ${table}`);
  });

  const read = async (binary: boolean): Promise<Tuple[]> => {
    const stream = await client.start({ slot, publications: [pub], binary });
    const events = await readUntil(stream, (_e, all) => count(all, 'commit') === 1).finally(() => stream.stop());
    return events.flatMap((e) => (e.message.type === 'insert' ? [e.message.new] : []));
  };

  it('decodes every value to the exact string text mode gives', async () => {
    const text = await read(false);
    const bin = await read(true);
    expect(text).toHaveLength(ROWS.length);
    expect(bin).toEqual(text);
    // Text mode is PostgreSQL's own output; pin a few so "equal" cannot mean "equally wrong".
    expect(text[0]).toEqual({
      id: 1, m: '$12.34', iv: '1 year 2 mons 3 days 04:05:06.789', ttz: '13:45:30+05:30', ip: '192.168.0.1/24',
      net: '10.0.0.0/8', mac: '08:00:2b:01:02:03', mac8: '08:00:2b:ff:fe:01:02:03', bits: '1010101010', vb: '101',
      lsn: '16/B374D848', ma: ['$1.50', '-$2.00'], iva: ['1 day', '-00:00:01.5'], ipa: ['::1', '10.1.2.3'], vba: ['1', ''],
      ttza: ['00:00:00+00'],
    });
    expect(bin[1]).toMatchObject({ m: '-$1,234,567.89', iv: '-1 days +04:05:06', ttz: '00:00:00-08', iva: [['1 mon', '2 mons'], ['3 days', null]] });
    expect(bin[2]).toMatchObject({
      m: '-$92,233,720,368,547,758.08', ttz: '23:59:59.999999+01:02:03', ip: '::ffff:1.2.3.4', net: '1::/128',
      iva: ['-178956970 years -8 mons -2147483648 days -2562047788:00:54.775807'],
    });
    expect(bin[3]).toMatchObject({ ip: '1:0:0:2::3', iva: ['100:00:00', '-3 mons +1 day', '00:00:00.000001'], ipa: ['fe80::abcd/64', '1.2.3.4/0'] });
    expect(Object.values(bin[5]!).filter((v) => v !== null)).toEqual([6]);
  });
});
