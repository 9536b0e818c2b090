import type { BufferReader } from './buffer-reader.js';
import type { PgoutputMessage, RelationMessage, TypeMessage } from './messages.js';
import type { ValueParser } from './tuple-reader.js';

/** State a handler may read or update: the relation/type caches and the streaming flag. */
export interface DecodeContext {
  readonly relations: Map<number, RelationMessage>;
  readonly types: Map<number, TypeMessage>;
  readonly parseValue: ValueParser;
  /** True between Stream Start and Stream Stop: change messages then carry an xid. */
  inStream: boolean;
}

/** Decodes the body of one message (the tag byte is already consumed). */
export type MessageHandler = (r: BufferReader, ctx: DecodeContext) => PgoutputMessage;
