import type { PgValue } from '../decoder/messages.js';
import { parseBinaryValue } from './parse-binary.js';
import { parseTextValue } from './parse-text.js';

/** The default value parser: text or binary wire format → the same JS value. */
export function parseValue(typeOid: number, format: 'text' | 'binary', data: Buffer): PgValue {
  return format === 'text' ? parseTextValue(typeOid, data.toString('utf8')) : parseBinaryValue(typeOid, data);
}
