import { DataException, DecimalValue, type Schema, javaBigDecimalToString } from '@tsconnect/sdk';
import type { JsonConverterSettings } from './json-converter-config.js';
import { describe } from './errors.js';
import { decimalScale, LOGICAL } from './logical.js';
import { NumberWriter } from './number-writer.js';

const MILLIS_PER_DAY = 86_400_000;

/**
 * Connect's logical types as JsonConverter's LogicalTypeConverters write them: Decimal as Base64
 * bytes or a NUMERIC number (decimal.format), Date as days, Time as ms of day, Timestamp as epoch ms.
 */
export class LogicalWriter extends NumberWriter {
  private readonly scaleCache = new WeakMap<Schema, number>();

  constructor(protected readonly config: JsonConverterSettings, slabSize?: number) {
    super(slabSize);
  }

  /** Writes a logical-type value and returns true, or false for a name that is no logical type. */
  protected logical(schema: Schema, value: unknown): boolean {
    switch (schema.name) {
      case LOGICAL.DECIMAL: {
        if (!(value instanceof DecimalValue)) {
          throw new DataException(`Invalid type for Decimal, expected DecimalValue but was ${describe(value)}`);
        }
        if (this.config.decimalFormat === 'NUMERIC') {
          this.ascii(javaBigDecimalToString(value.unscaled, value.scale));
          return true;
        }
        const scale = this.scale(schema);
        if (value.scale !== scale) {
          throw new DataException(
            `Decimal value has mismatching scale for given Decimal schema. Schema has scale ${scale}, value has scale ${value.scale}.`,
          );
        }
        this.decimalBytes(value.unscaled);
        return true;
      }
      case LOGICAL.DATE: {
        const ms = dateMillis(value, 'Date');
        if (ms % MILLIS_PER_DAY !== 0) {
          throw new DataException(`Kafka Connect Date type should not have any time fields set to non-zero values: ${(value as Date).toISOString()}`);
        }
        this.integer(ms / MILLIS_PER_DAY);
        return true;
      }
      case LOGICAL.TIME: {
        const ms = dateMillis(value, 'Time');
        if (ms < 0 || ms > MILLIS_PER_DAY) {
          throw new DataException(`Kafka Connect Time type should not have any date fields set to non-zero values: ${(value as Date).toISOString()}`);
        }
        this.integer(ms);
        return true;
      }
      case LOGICAL.TIMESTAMP:
        this.integer(dateMillis(value, 'Timestamp'));
        return true;
      default:
        return false;
    }
  }

  private scale(schema: Schema): number {
    let scale = this.scaleCache.get(schema);
    if (scale === undefined) {
      scale = decimalScale(schema);
      this.scaleCache.set(schema, scale);
    }
    return scale;
  }
}

function dateMillis(value: unknown, type: string): number {
  if (!(value instanceof Date)) throw new DataException(`Invalid type for ${type}, expected Date but was ${describe(value)}`);
  const ms = value.getTime();
  if (Number.isNaN(ms)) throw new DataException(`Invalid Date (NaN) for ${type}`);
  return ms;
}
