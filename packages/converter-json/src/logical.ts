import { Decimal, ConnectDate, ConnectTime, ConnectTimestamp, DataException, type Schema } from '@tsconnect/sdk';

export const LOGICAL = {
  DECIMAL: Decimal.LOGICAL_NAME,
  DATE: ConnectDate.LOGICAL_NAME,
  TIME: ConnectTime.LOGICAL_NAME,
  TIMESTAMP: ConnectTimestamp.LOGICAL_NAME,
} as const;

/** Decimal's `scale` parameter, parsed like Java's Integer.parseInt. */
export function decimalScale(schema: Schema): number {
  const text = schema.parameters?.[Decimal.SCALE_FIELD];
  if (text === undefined) throw new DataException('Invalid Decimal schema: scale parameter not found.');
  const scale = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(scale) || scale < -2147483648 || scale > 2147483647) {
    throw new DataException(`Invalid scale parameter found in Decimal schema: "${text}"`);
  }
  return scale;
}
