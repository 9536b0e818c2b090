import type { Lsn } from './lsn.js';
import type { PgoutputMessage } from './decoder/messages.js';

/**
 * The LSN to acknowledge once a message's transaction is durable downstream: the end
 * LSN of commit, stream_commit, commit_prepared and rollback_prepared; null otherwise.
 * (A prepare's end LSN is acknowledgeable only if you persist prepared transactions.)
 */
export function ackLsnOf(message: PgoutputMessage): Lsn | null {
  switch (message.type) {
    case 'commit':
    case 'stream_commit':
    case 'commit_prepared':
    case 'rollback_prepared':
      return message.endLsn;
    default:
      return null;
  }
}
