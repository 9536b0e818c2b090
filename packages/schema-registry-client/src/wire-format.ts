import { DataException } from '@tsconnect/sdk';

/** Confluent's framing: magic byte 0, the schema id as a 4-byte big-endian int, then the body. */
export const MAGIC_BYTE = 0;
export const ID_SIZE = 4;

/** Frames `body` (Avro binary, JSON text, …) with `schemaId`; any Uint8Array (or Buffer) body works. */
export function frame(schemaId: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + ID_SIZE + body.length);
  out[0] = MAGIC_BYTE;
  new DataView(out.buffer).setInt32(1, schemaId, false);
  out.set(body, 1 + ID_SIZE);
  return out;
}

/**
 * Splits framed bytes into schema id and body (a view, not a copy). `errorPrefix` starts the
 * DataException message, so each converter keeps Confluent's wording (it names the topic).
 */
export function unframe(bytes: Uint8Array, errorPrefix: string): { schemaId: number; body: Uint8Array } {
  if (bytes.length < 1 + ID_SIZE) {
    throw new DataException(`${errorPrefix}: ${bytes.length} bytes are too few for the Confluent wire format (magic byte + 4-byte schema id)`);
  }
  if (bytes[0] !== MAGIC_BYTE) {
    throw new DataException(`${errorPrefix}: Unknown magic byte ${bytes[0]} (expected ${MAGIC_BYTE})`);
  }
  const schemaId = new DataView(bytes.buffer, bytes.byteOffset, bytes.length).getInt32(1, false);
  return { schemaId, body: bytes.subarray(1 + ID_SIZE) };
}
