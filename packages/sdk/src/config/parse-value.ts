import { ConfigException } from '../errors/config-exception.js';
import { Password, type ConfigType } from './config-types.js';

const INT_LIMITS: Partial<Record<ConfigType, [number, number]>> = {
  INT: [-2147483648, 2147483647],
  SHORT: [-32768, 32767],
  LONG: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Converts a raw property (usually a string from JSON or a properties file) to the key's type. */
export function parseValue(name: string, type: ConfigType, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  const text = typeof raw === 'string' ? raw.trim() : raw;
  switch (type) {
    case 'BOOLEAN':
      if (typeof text === 'boolean') return text;
      if (typeof text === 'string' && /^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
      throw new ConfigException(name, raw, 'Expected value to be either true or false');
    case 'INT':
    case 'SHORT':
    case 'LONG': {
      const n = typeof text === 'number' ? text : /^[+-]?\d+$/.test(String(text)) ? Number(text) : NaN;
      const [min, max] = INT_LIMITS[type]!;
      if (!Number.isInteger(n) || n < min || n > max) {
        throw new ConfigException(name, raw, `Not a number of type ${type}`);
      }
      return n;
    }
    case 'DOUBLE': {
      const n = typeof text === 'number' ? text : String(text) === '' ? NaN : Number(text);
      if (Number.isNaN(n)) throw new ConfigException(name, raw, 'Not a number of type DOUBLE');
      return n;
    }
    case 'LIST':
      if (Array.isArray(text)) return text.map(String);
      return String(text) === '' ? [] : String(text).split(',').map((s) => s.trim());
    case 'PASSWORD':
      return text instanceof Password ? text : new Password(String(raw));
    case 'STRING':
      return String(raw);
    case 'CLASS':
      return String(text);
  }
}
