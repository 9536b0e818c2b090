import { ConfigException, type Validator } from '@tsconnect/sdk';

/**
 * Like Validators.in, case-insensitive as Debezium's EnumeratedValue options, with an optional
 * explanation appended to the error (e.g. why a plugin is not supported).
 */
export function oneOf(allowed: readonly string[], explain?: (value: string) => string): Validator {
  return {
    ensureValid(name, value) {
      if (value === null || value === undefined) return;
      const text = String(value).trim().toLowerCase();
      if (!allowed.includes(text)) {
        const why = explain?.(String(value)) ?? '';
        throw new ConfigException(name, value, `Value must be one of ${allowed.join(', ')}${why ? `. ${why}` : ''}`);
      }
    },
    toString: () => `[${allowed.join(', ')}]`,
  };
}

/** Every element of a comma-separated list must be a valid regular expression. */
export const regexList: Validator = {
  ensureValid(name, value) {
    for (const re of (value as string[] | null) ?? []) {
      try {
        new RegExp(re);
      } catch (e) {
        throw new ConfigException(name, re, `Not a valid regular expression: ${(e as Error).message}`);
      }
    }
  },
  toString: () => 'comma-separated regular expressions',
};
