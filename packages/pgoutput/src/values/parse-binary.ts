import type { PgValue } from '../decoder/messages.js';
import { formatPgDate, formatPgInterval, formatPgTimestamp, formatPgTimetz, formatTimeOfDay } from './format-datetime.js';
import { formatInet, formatMacaddr } from './format-network.js';
import { ARRAY_ELEMENT_OID, PgType } from './oids.js';

type BinaryParser = (b: Buffer) => PgValue;

function exact(n: number, b: Buffer, what: string): void {
  if (b.length !== n) throw new RangeError(`${what}: expected ${n} bytes, got ${b.length}`);
}

/** Binary numeric → the exact decimal string PostgreSQL would print. */
export function formatBinaryNumeric(b: Buffer): string {
  if (b.length < 8) throw new RangeError('numeric: too short');
  const ndigits = b.readInt16BE(0);
  const weight = b.readInt16BE(2);
  const sign = b.readUInt16BE(4);
  const dscale = b.readInt16BE(6);
  if (ndigits < 0 || dscale < 0 || b.length !== 8 + ndigits * 2) throw new RangeError('numeric: bad header');
  if (sign === 0xc000) return 'NaN';
  if (sign === 0xd000) return 'Infinity';
  if (sign === 0xf000) return '-Infinity';
  if (sign !== 0 && sign !== 0x4000) throw new RangeError('numeric: bad sign');
  const digit = (p: number): number => {
    const i = weight - p;
    return i >= 0 && i < ndigits ? b.readInt16BE(8 + i * 2) : 0;
  };
  let int = '';
  for (let p = Math.max(weight, 0); p >= 0; p--) int += String(digit(p)).padStart(4, '0');
  int = int.replace(/^0+(?=\d)/, '');
  let frac = '';
  for (let p = -1; frac.length < dscale; p--) frac += String(digit(p)).padStart(4, '0');
  const text = dscale > 0 ? `${int}.${frac.slice(0, dscale)}` : int;
  return sign === 0x4000 && /[1-9]/.test(text) ? `-${text}` : text;
}

/**
 * Binary money (int64 in cents) → `$1,234.56` / `-$0.50`: cash_out under lc_monetary `C`,
 * which the replication client pins so text mode prints the same.
 */
export function formatBinaryMoney(b: Buffer): string {
  exact(8, b, 'money');
  const v = b.readBigInt64BE(0);
  const digits = (v < 0n ? -v : v).toString().padStart(3, '0');
  const int = digits.slice(0, -2).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${v < 0n ? '-' : ''}$${int}.${digits.slice(-2)}`;
}

/** Binary bit/varbit (int32 bit count, then the bits, most significant first) → `1010`. */
export function formatBinaryBits(b: Buffer): string {
  if (b.length < 4) throw new RangeError('bit: too short');
  const n = b.readInt32BE(0);
  if (n < 0 || b.length !== 4 + Math.ceil(n / 8)) throw new RangeError(`bit: ${n} bits do not fit ${b.length - 4} bytes`);
  let out = '';
  for (let i = 0; i < n; i++) out += (b[4 + (i >> 3)]! >> (7 - (i & 7))) & 1 ? '1' : '0';
  return out;
}

/** Binary pg_lsn (uint64) → `16/B374D848`. */
function formatPgLsn(b: Buffer): string {
  exact(8, b, 'pg_lsn');
  return `${b.readUInt32BE(0).toString(16).toUpperCase()}/${b.readUInt32BE(4).toString(16).toUpperCase()}`;
}

function formatUuid(b: Buffer): string {
  exact(16, b, 'uuid');
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The shortest decimal that round-trips to the same float4, as PostgreSQL 12+ prints it. */
function shortestFloat4(x: number): number {
  if (!Number.isFinite(x)) return x;
  for (let p = 1; p < 9; p++) {
    const candidate = Number(x.toPrecision(p));
    if (Math.fround(candidate) === x) return candidate;
  }
  return Number(x.toPrecision(9));
}

const utf8: BinaryParser = (b) => b.toString('utf8');

const SCALAR: ReadonlyMap<number, BinaryParser> = new Map<number, BinaryParser>([
  [PgType.bool, (b) => (exact(1, b, 'bool'), b[0] === 1)],
  [PgType.int2, (b) => (exact(2, b, 'int2'), b.readInt16BE(0))],
  [PgType.int4, (b) => (exact(4, b, 'int4'), b.readInt32BE(0))],
  [PgType.oid, (b) => (exact(4, b, 'oid'), b.readUInt32BE(0))],
  [PgType.xid, (b) => (exact(4, b, 'xid'), b.readUInt32BE(0))],
  [PgType.int8, (b) => (exact(8, b, 'int8'), b.readBigInt64BE(0))],
  [PgType.float4, (b) => (exact(4, b, 'float4'), shortestFloat4(b.readFloatBE(0)))],
  [PgType.float8, (b) => (exact(8, b, 'float8'), b.readDoubleBE(0))],
  [PgType.bytea, (b) => Buffer.from(b)],
  [PgType.text, utf8],
  [PgType.varchar, utf8],
  [PgType.bpchar, utf8],
  [PgType.name, utf8],
  [PgType.json, utf8],
  [PgType.xml, utf8],
  [PgType.char, utf8],
  [PgType.jsonb, (b) => {
    if (b[0] !== 1) throw new RangeError(`jsonb: unsupported version ${b[0]}`);
    return b.toString('utf8', 1);
  }],
  [PgType.uuid, formatUuid],
  [PgType.numeric, formatBinaryNumeric],
  [PgType.date, (b) => (exact(4, b, 'date'), formatPgDate(b.readInt32BE(0)))],
  [PgType.time, (b) => (exact(8, b, 'time'), formatTimeOfDay(b.readBigInt64BE(0)))],
  [PgType.timestamp, (b) => (exact(8, b, 'timestamp'), formatPgTimestamp(b.readBigInt64BE(0), false))],
  [PgType.timestamptz, (b) => (exact(8, b, 'timestamptz'), formatPgTimestamp(b.readBigInt64BE(0), true))],
  [PgType.timetz, (b) => (exact(12, b, 'timetz'), formatPgTimetz(b.readBigInt64BE(0), b.readInt32BE(8)))],
  [PgType.interval, (b) => (exact(16, b, 'interval'), formatPgInterval(b.readBigInt64BE(0), b.readInt32BE(8), b.readInt32BE(12)))],
  [PgType.money, formatBinaryMoney],
  [PgType.inet, (b) => formatInet(b, false)],
  [PgType.cidr, (b) => formatInet(b, true)],
  [PgType.macaddr, (b) => formatMacaddr(b, 6)],
  [PgType.macaddr8, (b) => formatMacaddr(b, 8)],
  [PgType.bit, formatBinaryBits],
  [PgType.varbit, formatBinaryBits],
  [PgType.pg_lsn, formatPgLsn],
]);

/** Binary array (array_send) → nested JS arrays, elements parsed with `element`. */
export function parseBinaryArray(b: Buffer, element: BinaryParser): PgValue {
  if (b.length < 12) throw new RangeError('array: too short');
  const ndim = b.readInt32BE(0);
  if (ndim < 0 || ndim > 6 || b.length < 12 + ndim * 8) throw new RangeError('array: bad dimensions');
  if (ndim === 0) return [];
  const dims: number[] = [];
  for (let i = 0; i < ndim; i++) dims.push(b.readInt32BE(12 + i * 8));
  let off = 12 + ndim * 8;
  const readElement = (): PgValue | null => {
    if (off + 4 > b.length) throw new RangeError('array: truncated');
    const len = b.readInt32BE(off);
    off += 4;
    if (len === -1) return null;
    if (len < 0 || off + len > b.length) throw new RangeError('array: truncated element');
    const v = element(b.subarray(off, off + len));
    off += len;
    return v;
  };
  const build = (d: number): (PgValue | null)[] => {
    const n = dims[d]!;
    if (n < 0) throw new RangeError('array: negative dimension');
    const out: (PgValue | null)[] = [];
    for (let i = 0; i < n; i++) out.push(d + 1 === ndim ? readElement() : build(d + 1));
    return out;
  };
  const result = build(0);
  if (off !== b.length) throw new RangeError('array: trailing bytes');
  return result;
}

/**
 * Parses a binary-format (typsend) value into the same JS value text mode gives.
 * Types without a binary parser here (enums, domains over them, extension types) are
 * returned as a Buffer copy: use text mode if you need them parsed.
 */
export function parseBinaryValue(typeOid: number, data: Buffer): PgValue {
  const scalar = SCALAR.get(typeOid);
  if (scalar) return scalar(data);
  const elementOid = ARRAY_ELEMENT_OID.get(typeOid);
  if (elementOid !== undefined) {
    const element = SCALAR.get(elementOid) ?? ((b: Buffer) => Buffer.from(b));
    return parseBinaryArray(data, element);
  }
  return Buffer.from(data);
}
