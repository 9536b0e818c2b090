import { DataException, DecimalValue, Decimal, DebeziumTypes, SchemaBuilder, Struct } from '@tsconnect/sdk';
import type { DecimalHandlingMode } from '../config/event-config.js';

/** Debezium's schema parameter carrying a NUMERIC column's declared precision. */
export const PRECISION_PARAMETER_KEY = 'connect.decimal.precision';
/** Fraction digits Debezium assumes for MONEY (`money.fraction.digits` default). */
export const MONEY_FRACTION_DIGITS = 2;

const VARIABLE_SCALE_DECIMAL_SCHEMA = DebeziumTypes.VariableScaleDecimal.builder().optional().build();

/** Precision and scale from a NUMERIC atttypmod; null for unconstrained NUMERIC. */
export function numericTypmod(typmod: number): { precision: number; scale: number } | null {
  if (typmod < 4) return null;
  const mod = typmod - 4;
  // PG15+ allows negative scales; the low 11 bits are a signed number.
  const rawScale = mod & 0x7ff;
  return { precision: (mod >> 16) & 0xffff, scale: rawScale > 1023 ? rawScale - 2048 : rawScale };
}

/** Two's-complement big-endian bytes of `n`, minimal length (Java's BigInteger.toByteArray). */
export function twosComplement(n: bigint): Buffer {
  let hex = (n < 0n ? -n : n).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if (n >= 0n) return bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  // negative: invert and add one over a width that keeps the sign bit set
  const width = bytes.length + (bytes[0]! & 0x80 ? 1 : 0);
  const value = (1n << BigInt(width * 8)) + n;
  hex = value.toString(16).padStart(width * 2, '0');
  bytes = Buffer.from(hex, 'hex');
  while (bytes.length > 1 && bytes[0] === 0xff && bytes[1]! & 0x80) bytes = bytes.subarray(1);
  return bytes;
}

function isSpecial(text: string): boolean {
  return text === 'NaN' || text === 'Infinity' || text === '-Infinity';
}

/** Schema of a NUMERIC column as Debezium's numericSchema(). */
export function numericSchema(typmod: number, mode: DecimalHandlingMode): SchemaBuilder {
  const mod = numericTypmod(typmod);
  if (mode === 'double') return SchemaBuilder.float64();
  if (mode === 'string') return SchemaBuilder.string();
  if (!mod || (mod.precision === 0 && mod.scale === 0)) return DebeziumTypes.VariableScaleDecimal.builder();
  return Decimal.builder(mod.scale).parameter(PRECISION_PARAMETER_KEY, String(mod.precision));
}

/** NUMERIC text → value for {@link numericSchema}. NaN/±Infinity are null in precise mode (as Debezium). */
export function convertNumeric(text: string, typmod: number, mode: DecimalHandlingMode): unknown {
  if (mode === 'string') return text;
  if (mode === 'double') return Number(text);
  if (isSpecial(text)) return null;
  const mod = numericTypmod(typmod);
  const value = DecimalValue.parse(text);
  if (!mod) return variableScaleDecimal(value);
  return value.scale === mod.scale ? value : rescale(value, mod.scale);
}

function rescale(value: DecimalValue, scale: number): DecimalValue {
  try {
    return value.withScale(scale);
  } catch (e) {
    throw new DataException(`NUMERIC value ${value.toString()} does not fit scale ${scale}`, { cause: e });
  }
}

/** VariableScaleDecimal struct: trailing zeros stripped, scale never negative (as Debezium). */
export function variableScaleDecimal(value: DecimalValue): Struct {
  let { unscaled, scale } = value;
  while (scale > 0 && unscaled % 10n === 0n && unscaled !== 0n) {
    unscaled /= 10n;
    scale -= 1;
  }
  if (unscaled === 0n) scale = 0;
  if (scale < 0) {
    unscaled *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return new Struct(VARIABLE_SCALE_DECIMAL_SCHEMA).put('scale', scale).put('value', twosComplement(unscaled));
}

/** MONEY text in the C locale ("$1,234.56", "-$0.50") → value for the money schema. */
export function convertMoney(text: string, mode: DecimalHandlingMode): unknown {
  const plain = text.replace(/[$,\s]/g, '');
  const negative = plain.startsWith('(') || plain.startsWith('-');
  const digits = plain.replace(/[()-]/g, '');
  const value = DecimalValue.parse(`${negative ? '-' : ''}${digits}`);
  if (mode === 'string') return value.toString();
  if (mode === 'double') return value.toNumber();
  return rescale(value, MONEY_FRACTION_DIGITS);
}

export function moneySchema(mode: DecimalHandlingMode): SchemaBuilder {
  if (mode === 'double') return SchemaBuilder.float64();
  if (mode === 'string') return SchemaBuilder.string();
  return Decimal.builder(MONEY_FRACTION_DIGITS);
}

/** int8 text → number when it is a safe integer, else bigint (both valid for int64). */
export function convertInt64(text: string): number | bigint {
  // Up to 15 digits is always a safe integer (< 2^53): no BigInt needed (the common case).
  if (isShortInteger(text)) return Number(text);
  const n = BigInt(text);
  return n >= MIN_SAFE && n <= MAX_SAFE ? Number(n) : n;
}

/** An optional minus and 1..15 decimal digits: what int8 text looks like for all but huge values. */
function isShortInteger(text: string): boolean {
  const start = text.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  if (text.length === start || text.length - start > 15) return false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
