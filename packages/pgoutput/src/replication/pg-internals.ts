import type pg from 'pg';

/**
 * The parts of `pg`'s Connection this package relies on that `@types/pg` does not
 * declare. `pg` parses CopyBoth traffic already: it emits `copyData` with `chunk`,
 * `replicationStart` for CopyBothResponse, and writes CopyData/CopyDone frames.
 */
export interface CopyBothConnection {
  readonly stream: pg.Connection['stream'];
  on(event: 'copyData', listener: (msg: { chunk: Buffer }) => void): unknown;
  on(event: 'replicationStart', listener: () => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
  once(event: 'replicationStart', listener: () => void): unknown;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

export function copyBoth(client: pg.Client): CopyBothConnection {
  return (client as unknown as { connection: CopyBothConnection }).connection;
}
