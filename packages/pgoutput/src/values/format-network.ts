/** Formats binary inet/cidr/macaddr values exactly as PostgreSQL's text output does. */

const PGSQL_AF_INET = 2;
const PGSQL_AF_INET6 = 3;

const hex2 = (b: number): string => (b < 16 ? '0' : '') + b.toString(16);

/** IPv6 text as PostgreSQL's inet_net_ntop_ipv6 writes it (longest zero run as `::`, embedded IPv4). */
function formatIpv6(a: Buffer): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((a[i]! << 8) | a[i + 1]!);
  // Longest run of zero words, first one on a tie; runs of one word are not compressed.
  let best = { base: -1, len: 0 };
  let cur = { base: -1, len: 0 };
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      cur = cur.base === -1 ? { base: i, len: 1 } : { base: cur.base, len: cur.len + 1 };
    } else if (cur.base !== -1) {
      if (best.base === -1 || cur.len > best.len) best = cur;
      cur = { base: -1, len: 0 };
    }
  }
  if (cur.base !== -1 && (best.base === -1 || cur.len > best.len)) best = cur;
  if (best.len < 2) best = { base: -1, len: 0 };
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (best.base !== -1 && i >= best.base && i < best.base + best.len) {
      if (i === best.base) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    const embedsIpv4 =
      i === 6 && best.base === 0 && (best.len === 6 || (best.len === 7 && words[7] !== 1) || (best.len === 5 && words[5] === 0xffff));
    if (embedsIpv4) {
      out += `${a[12]}.${a[13]}.${a[14]}.${a[15]}`;
      break;
    }
    out += words[i]!.toString(16);
  }
  if (best.base !== -1 && best.base + best.len === 8) out += ':';
  return out;
}

/**
 * Binary inet/cidr (family, bits, is_cidr, length, address) → `192.168.0.1/24`, `::1`,
 * `10.0.0.0/8`. inet omits a full-length mask; cidr always shows it (network_out).
 */
export function formatInet(b: Buffer, isCidr: boolean): string {
  if (b.length < 4) throw new RangeError('inet: too short');
  const family = b[0]!;
  const bits = b[1]!;
  const nb = b[3]!;
  const size = family === PGSQL_AF_INET ? 4 : family === PGSQL_AF_INET6 ? 16 : -1;
  if (size < 0) throw new RangeError(`inet: unknown address family ${family}`);
  if (nb !== size || b.length !== 4 + size) throw new RangeError(`inet: expected ${size} address bytes, got ${b.length - 4}`);
  if (bits > size * 8) throw new RangeError(`inet: mask length ${bits} too long`);
  const a = b.subarray(4);
  const addr = size === 4 ? `${a[0]}.${a[1]}.${a[2]}.${a[3]}` : formatIpv6(a);
  return isCidr || bits !== size * 8 ? `${addr}/${bits}` : addr;
}

/** Binary macaddr (6 bytes) or macaddr8 (8 bytes) → `08:00:2b:01:02:03`. */
export function formatMacaddr(b: Buffer, size: 6 | 8): string {
  if (b.length !== size) throw new RangeError(`macaddr${size === 8 ? '8' : ''}: expected ${size} bytes, got ${b.length}`);
  const parts: string[] = [];
  for (const byte of b) parts.push(hex2(byte));
  return parts.join(':');
}
