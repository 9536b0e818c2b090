import { BufferReader } from './buffer-reader.js';
import { changeHandlers } from './change-handlers.js';
import type { DecodeContext, MessageHandler } from './decode-context.js';
import type { PgoutputMessage, RelationMessage, TypeMessage } from './messages.js';
import { transactionHandlers } from './transaction-handlers.js';
import { rawValueParser } from './tuple-reader.js';
import type { ValueParser } from './tuple-reader.js';
import { parseValue } from '../values/parse-value.js';

const HANDLERS: ReadonlyMap<number, MessageHandler> = new Map(
  Object.entries({ ...transactionHandlers, ...changeHandlers }).map(([tag, h]) => [tag.charCodeAt(0), h]),
);

const TYPE_NAMES: Readonly<Record<string, string>> = {
  B: 'begin', C: 'commit', O: 'origin', R: 'relation', Y: 'type', I: 'insert', U: 'update', D: 'delete',
  T: 'truncate', M: 'message', S: 'stream_start', E: 'stream_stop', c: 'stream_commit', A: 'stream_abort',
  b: 'begin_prepare', P: 'prepare', K: 'commit_prepared', r: 'rollback_prepared', p: 'stream_prepare',
};

export interface PgoutputDecoderOptions {
  /**
   * `parsed` (default): values become JS values by type OID (see README "Value mapping").
   * `raw`: text values stay strings, binary values Buffers.
   * A function: your own parser.
   */
  readonly values?: 'parsed' | 'raw' | ValueParser;
}

/**
 * Decodes pgoutput messages (protocol versions 1–4). Stateful: it caches Relation
 * and Type messages by OID and tracks whether it is inside a streamed transaction,
 * so feed it every message of one replication session, in order.
 */
export class PgoutputDecoder {
  private readonly ctx: DecodeContext;

  constructor(options: PgoutputDecoderOptions = {}) {
    const v = options.values ?? 'parsed';
    this.ctx = {
      relations: new Map(),
      types: new Map(),
      parseValue: v === 'parsed' ? parseValue : v === 'raw' ? rawValueParser : v,
      textParsers: v === 'parsed' ? new WeakMap() : null,
      inStream: false,
    };
  }

  /** Decodes one message. Throws PgoutputDecodeError for malformed or truncated input. */
  decode(buf: Buffer): PgoutputMessage {
    const r: BufferReader = new BufferReader(buf);
    const tag = r.uint8('tag');
    const tagChar = String.fromCharCode(tag);
    const handler = HANDLERS.get(tag) ?? r.fail(`unknown message tag '${tagChar}' (0x${tag.toString(16)})`, 0);
    r.messageType = TYPE_NAMES[tagChar] ?? 'unknown';
    const msg = handler(r, this.ctx);
    r.end();
    return msg;
  }

  /** The last Relation message seen for `relationId`. */
  relation(relationId: number): RelationMessage | undefined {
    return this.ctx.relations.get(relationId);
  }

  /** The last Type message seen for `typeOid` (sent for non-built-in types such as enums). */
  type(typeOid: number): TypeMessage | undefined {
    return this.ctx.types.get(typeOid);
  }

  /** Forgets cached relations and types (the server resends them after a reconnect). */
  reset(): void {
    this.ctx.relations.clear();
    this.ctx.types.clear();
    this.ctx.inStream = false;
  }
}
