/**
 * Reads pg_recvlogical's output file for a pgoutput slot: each message's bytes followed by
 * '\n'. pgoutput is binary, so the file is walked message by message (lengths from the
 * protocol) to count rows and sum the ids exactly as for our client.
 */
export function scanRecvlogicalOutput(buf, { idColumn = 0, int8Column = 1 } = {}) {
  const counts = { begin: 0, commit: 0, relation: 0, insert: 0, other: 0 };
  let idSum = 0;
  let checksum = 0n;
  let pos = 0;
  const fail = (what) => {
    throw new Error(`pg_recvlogical output: ${what} at byte ${pos} of ${buf.length}`);
  };
  const cstringEnd = (at) => {
    const end = buf.indexOf(0, at);
    if (end < 0) fail('unterminated string');
    return end + 1;
  };
  while (pos < buf.length) {
    const tag = String.fromCharCode(buf[pos]);
    let p = pos + 1;
    switch (tag) {
      case 'B':
        p += 20;
        counts.begin++;
        break;
      case 'C':
        p += 25;
        counts.commit++;
        break;
      case 'O':
        p = cstringEnd(p + 8);
        counts.other++;
        break;
      case 'Y':
        p = cstringEnd(cstringEnd(p + 4));
        counts.other++;
        break;
      case 'R': {
        p = cstringEnd(cstringEnd(p + 4)) + 1;
        const n = buf.readInt16BE(p);
        p += 2;
        for (let i = 0; i < n; i++) p = cstringEnd(p + 1) + 8;
        counts.relation++;
        break;
      }
      case 'I': {
        if (buf[p + 4] !== 0x4e) fail("insert without 'N'");
        p += 5;
        const n = buf.readInt16BE(p);
        p += 2;
        for (let i = 0; i < n; i++) {
          const kind = buf[p++];
          if (kind === 0x6e || kind === 0x75) continue; // null, unchanged toast
          if (kind !== 0x74) fail(`column kind 0x${kind.toString(16)} (text mode expected)`);
          const len = buf.readInt32BE(p);
          p += 4;
          if (i === idColumn) idSum += Number(buf.toString('latin1', p, p + len));
          if (i === int8Column) checksum += BigInt(buf.toString('latin1', p, p + len));
          p += len;
        }
        counts.insert++;
        break;
      }
      default:
        fail(`unexpected message tag '${tag}'`);
    }
    if (buf[p] !== 0x0a) fail(`message '${tag}' not followed by a newline`);
    pos = p + 1;
  }
  return { counts, idSum, checksum: checksum.toString(), bytes: buf.length };
}
