import { DataException } from '@tsconnect/sdk';

/** Confluent's framing: magic byte 0, the schema id as a 4-byte big-endian int, then the JSON body. */
export const MAGIC_BYTE = 0;
export const ID_SIZE = 4;

export function frame(schemaId: number, body: Buffer): Uint8Array {
  const out = Buffer.allocUnsafe(1 + ID_SIZE + body.length);
  out[0] = MAGIC_BYTE;
  out.writeInt32BE(schemaId, 1);
  body.copy(out, 1 + ID_SIZE);
  return out;
}

export function unframe(topic: string, bytes: Uint8Array): { schemaId: number; body: Uint8Array } {
  if (bytes.length < 1 + ID_SIZE) {
    throw new DataException(`Converting byte[] to Kafka Connect data failed due to serialization error of topic ${topic}: ${bytes.length} bytes are too few for the Confluent wire format (magic byte + 4-byte schema id)`);
  }
  if (bytes[0] !== MAGIC_BYTE) {
    throw new DataException(`Converting byte[] to Kafka Connect data failed due to serialization error of topic ${topic}: Unknown magic byte ${bytes[0]} (expected ${MAGIC_BYTE})`);
  }
  const schemaId = new DataView(bytes.buffer, bytes.byteOffset, bytes.length).getInt32(1, false);
  return { schemaId, body: bytes.subarray(1 + ID_SIZE) };
}
