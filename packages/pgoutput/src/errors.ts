/** Thrown by the decoder when a pgoutput buffer is malformed or truncated. */
export class PgoutputDecodeError extends Error {
  override readonly name = 'PgoutputDecodeError';

  constructor(
    /** The message type being decoded (e.g. `insert`), or `unknown` for an unrecognised tag. */
    readonly messageType: string,
    /** Byte offset inside the message buffer where decoding failed. */
    readonly offset: number,
    detail: string,
  ) {
    super(`pgoutput ${messageType} message: ${detail} at byte ${offset}`);
  }
}

/** Thrown by the replication client for protocol-level problems (unexpected server messages, misuse). */
export class ReplicationError extends Error {
  override readonly name = 'ReplicationError';
}
