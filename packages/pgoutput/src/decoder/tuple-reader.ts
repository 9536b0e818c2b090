import type { BufferReader } from './buffer-reader.js';
import type { DecodeContext } from './decode-context.js';
import { UNCHANGED_TOAST } from './messages.js';
import type { ColumnValue, PgValue, RelationMessage, Tuple } from './messages.js';
import { textSliceParserFor } from '../values/text-slice-parsers.js';
import type { TextSliceParser } from '../values/text-slice-parsers.js';

/** Converts one column's wire value; `format` is how pgoutput sent it. */
export type ValueParser = (typeOid: number, format: 'text' | 'binary', data: Buffer) => PgValue;

/** Keeps wire values as they are: text → string, binary → Buffer. */
export const rawValueParser: ValueParser = (_oid, format, data) =>
  format === 'text' ? data.toString('utf8') : Buffer.from(data);

function textParsersOf(ctx: DecodeContext, relation: RelationMessage): readonly TextSliceParser[] | null {
  const cache = ctx.textParsers;
  if (!cache) return null;
  let parsers = cache.get(relation);
  if (!parsers) {
    parsers = relation.columns.map((c) => textSliceParserFor(c.typeOid));
    cache.set(relation, parsers);
  }
  return parsers;
}

/** Reads TupleData (Int16 count, then n/u/t/b per column) for `relation`. */
export function readTuple(r: BufferReader, relation: RelationMessage, ctx: DecodeContext): Tuple {
  const at = r.offset;
  const count = r.int16('column count');
  const columns = relation.columns;
  if (count !== columns.length) {
    r.fail(`tuple has ${count} column(s) but relation ${relation.schema}.${relation.name} has ${columns.length}`, at);
  }
  const textParsers = textParsersOf(ctx, relation);
  const tuple: Record<string, ColumnValue> = {};
  for (let i = 0; i < count; i++) {
    const column = columns[i]!;
    const kindAt = r.offset;
    const kind = r.uint8('column kind');
    let value: ColumnValue;
    switch (kind) {
      case 0x6e: // n
        value = null;
        break;
      case 0x75: // u
        value = UNCHANGED_TOAST;
        break;
      case 0x74: // t
      case 0x62: {
        // b
        const len = r.int32('value length');
        if (len < 0) r.fail(`negative value length ${len}`, r.offset - 4);
        const valueAt = r.offset;
        r.skip(len, `value of ${column.name}`);
        try {
          value =
            kind === 0x74 && textParsers
              ? textParsers[i]!(r.buf, valueAt, valueAt + len)
              : ctx.parseValue(column.typeOid, kind === 0x74 ? 'text' : 'binary', r.buf.subarray(valueAt, valueAt + len));
        } catch (e) {
          r.fail(`cannot parse column ${column.name} (type ${column.typeOid}): ${(e as Error).message}`, valueAt);
        }
        break;
      }
      default:
        r.fail(`unknown column kind 0x${kind.toString(16)}`, kindAt);
    }
    if (column.name === '__proto__') {
      Object.defineProperty(tuple, column.name, { value, enumerable: true, writable: true, configurable: true });
    } else {
      tuple[column.name] = value;
    }
  }
  return tuple;
}
