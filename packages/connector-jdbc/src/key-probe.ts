import type { SinkColumn } from './column-kind.js';
import type { DbSession } from './db-session.js';
import type { Dialect } from './dialect/dialect.js';

const INT_KINDS = new Set(['int8', 'int16', 'int32', 'int64']);

/** [min, max] of an integer key column's bound values (numbers or digit strings), or null. */
export function keyRange(key: SinkColumn, values: readonly unknown[]): [string, string] | null {
  if (!INT_KINDS.has(key.kind) || values.length === 0) return null;
  let min: bigint | null = null;
  let max: bigint | null = null;
  for (const v of values) {
    if (typeof v !== 'number' && typeof v !== 'string') return null;
    let n: bigint;
    try {
      n = BigInt(v);
    } catch {
      return null; // not an integer: let the exact probe decide
    }
    if (min === null || n < min) min = n;
    if (max === null || n > max) max = n;
  }
  return [min!.toString(), max!.toString()];
}

/**
 * The "are these keys new?" probe of the bulk paths: true when `target` (a table reference)
 * already holds one of `keyValues`, the bound values of its single key column. An integer key
 * is first checked by its [min, max] range (one index probe, usually empty for a sink catching
 * up), then exactly.
 */
export async function anyKeyExists(session: DbSession, dialect: Dialect, target: string, key: SinkColumn, keyValues: readonly unknown[]): Promise<boolean> {
  const pg = dialect.name === 'postgresql';
  const k = dialect.quote(key.name);
  const range = keyRange(key, keyValues);
  if (range) {
    const between = pg ? 'BETWEEN $1 AND $2' : 'BETWEEN ? AND ?';
    const hit = await session.query({ sql: `SELECT 1 FROM ${target} WHERE ${k} ${between} LIMIT 1`, params: [range[0], range[1]] });
    if (hit.length === 0) return false;
  }
  // pg sends a JS array as an array literal whose type is inferred from the key column; MariaDB has no arrays.
  const hit = pg
    ? await session.query({ sql: `SELECT 1 FROM ${target} WHERE ${k} = ANY($1) LIMIT 1`, params: [keyValues] })
    : await session.query({ sql: `SELECT 1 FROM ${target} WHERE ${k} IN (${keyValues.map(() => '?').join(', ')}) LIMIT 1`, params: [...keyValues] });
  return hit.length > 0;
}
