import { expect } from 'vitest';
import { CONNECTOR_VERSION } from '../version.js';
import type { Json } from './debezium-json.js';

export interface SourceExpectation {
  readonly name: string;
  readonly db: string;
  readonly schema: string;
  readonly table: string;
  /** source.snapshot: 'false' for streamed events (the Enum's default, written by JsonConverter). */
  readonly snapshot: string;
  /** Exact txId when the test knows it (txid_current() of the writing transaction). */
  readonly txId?: number;
  /** The event's LSN must be in [after, atMost]: pg_current_wal_insert_lsn() around the write. */
  readonly lsnAfter?: number;
  readonly lsnAtMost?: number;
  /** Wall-clock window (ms) the commit/read time must fall in. */
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * Checks the time/position fields of a `source` block (exactJson form: ts_ns is a string) for
 * consistency, and returns the whole block as Debezium writes it, in field order, with those
 * values filled in, ready for an exact comparison.
 */
export function expectedSource(actual: Json, e: SourceExpectation): { [k: string]: Json } {
  const a = actual as Record<string, Json>;
  const tsMs = a['ts_ms'] as number;
  const tsUs = a['ts_us'] as number;
  const tsNs = a['ts_ns'] as string;
  expect(tsMs).toBeGreaterThanOrEqual(e.fromMs - 1000); // commit time; clocks of server and test are the same host
  expect(tsMs).toBeLessThanOrEqual(e.toMs + 1000);
  // AbstractSourceInfoStructMaker.commonStruct: all three from one Instant.
  expect(Math.floor(tsUs / 1000)).toBe(tsMs);
  expect(BigInt(tsNs) / 1000n).toBe(BigInt(tsUs));
  const lsn = a['lsn'] as number;
  expect(typeof lsn).toBe('number');
  if (e.lsnAfter !== undefined) expect(lsn).toBeGreaterThanOrEqual(e.lsnAfter);
  if (e.lsnAtMost !== undefined) expect(lsn).toBeLessThanOrEqual(e.lsnAtMost);
  const txId = a['txId'] as number;
  if (e.txId !== undefined) expect(txId).toBe(e.txId);
  else expect(Number.isInteger(txId) && txId > 0).toBe(true);
  // SourceInfo.sequence(): JSON array [lastCommitLsn, lsn] as strings (null when unknown).
  const sequence = JSON.parse(a['sequence'] as string) as [string | null, string];
  expect(sequence[1]).toBe(String(lsn));
  if (sequence[0] !== null) expect(Number(sequence[0])).toBeLessThanOrEqual(lsn);
  return {
    version: CONNECTOR_VERSION,
    connector: 'postgresql',
    name: e.name,
    ts_ms: tsMs,
    snapshot: e.snapshot,
    db: e.db,
    sequence: a['sequence'] as string,
    ts_us: tsUs,
    ts_ns: tsNs,
    schema: e.schema,
    table: e.table,
    txId,
    lsn,
    xmin: null, // only with xmin.fetch.interval.ms > 0
    origin: null,
    origin_lsn: null,
  };
}

/** Envelope ts_ms/ts_us/ts_ns: processing time, consistent with each other. */
export function envelopeTimes(actual: Json, fromMs: number): { ts_ms: number; ts_us: number; ts_ns: string } {
  const a = actual as Record<string, Json>;
  const tsMs = a['ts_ms'] as number;
  const tsUs = a['ts_us'] as number;
  const tsNs = a['ts_ns'] as string;
  expect(tsMs).toBeGreaterThanOrEqual(fromMs);
  expect(tsMs).toBeLessThanOrEqual(Date.now());
  expect(Math.floor(tsUs / 1000)).toBe(tsMs);
  expect(BigInt(tsNs) / 1000n).toBe(BigInt(tsUs));
  return { ts_ms: tsMs, ts_us: tsUs, ts_ns: tsNs };
}
