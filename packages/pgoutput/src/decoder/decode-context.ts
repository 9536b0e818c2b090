import type { BufferReader } from './buffer-reader.js';
import type { PgoutputMessage, RelationMessage, TypeMessage } from './messages.js';
import type { ValueParser } from './tuple-reader.js';
import type { TextSliceParser } from '../values/text-slice-parsers.js';

/** State a handler may read or update: the relation/type caches and the streaming flag. */
export interface DecodeContext {
  readonly relations: Map<number, RelationMessage>;
  readonly types: Map<number, TypeMessage>;
  readonly parseValue: ValueParser;
  /**
   * With the default parser: per-relation text parsers, one per column, resolved once when the
   * Relation message arrives instead of per value (the decoding hot path). Null otherwise.
   */
  readonly textParsers: WeakMap<RelationMessage, readonly TextSliceParser[]> | null;
  /** True between Stream Start and Stream Stop: change messages then carry an xid. */
  inStream: boolean;
}

/** Decodes the body of one message (the tag byte is already consumed). */
export type MessageHandler = (r: BufferReader, ctx: DecodeContext) => PgoutputMessage;
