// Child process: drains one slot with @tsconnect/pgoutput (parsed values, as the CDC connector
// uses it) up to --endpos, like pg_recvlogical does, and prints counts as JSON on stdout.
import { parseArgs } from 'node:util';
import { LogicalReplicationClient, Lsn } from '@tsconnect/pgoutput';

const { values: a } = parseArgs({
  options: {
    url: { type: 'string' }, slot: { type: 'string' }, publication: { type: 'string' },
    endpos: { type: 'string' }, proto: { type: 'string' },
  },
});
const endpos = Lsn.parse(a.endpos);
const client = new LogicalReplicationClient(a.url);
const started = process.hrtime.bigint();
const stream = await client.start({ slot: a.slot, publications: [a.publication], protoVersion: Number(a.proto) });

// pg_recvlogical --endpos semantics: stop at a message past endpos, or when a keepalive says the
// server has sent everything up to endpos and nothing is left to consume.
const poll = setInterval(() => {
  if (stream.receivedLsn.compare(endpos) >= 0 && stream.buffered === 0) void stream.stop();
}, 20);

const counts = { begin: 0, commit: 0, relation: 0, insert: 0, other: 0 };
let idSum = 0;
let lastId = 0;
let inOrder = true;
let checksum = 0n; // of int8 values: proves the parsed values, not only the ids
for await (const { lsn, message } of stream) {
  if (lsn.compare(endpos) > 0) break;
  switch (message.type) {
    case 'insert': {
      const id = message.new['id'];
      if (id <= lastId) inOrder = false;
      lastId = id;
      idSum += id;
      checksum += message.new['n'];
      counts.insert++;
      break;
    }
    case 'begin':
    case 'commit':
    case 'relation':
      counts[message.type]++;
      break;
    default:
      counts.other++;
  }
}
clearInterval(poll);
const streamSeconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage();
process.stdout.write(
  JSON.stringify({
    counts, idSum, inOrder, checksum: checksum.toString(), streamSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMb: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
