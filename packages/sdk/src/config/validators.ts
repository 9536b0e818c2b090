import { ConfigException } from '../errors/config-exception.js';

/** Checks one parsed value; throws ConfigException naming key and value. */
export interface Validator {
  ensureValid(name: string, value: unknown): void;
  /** Shown in docs, e.g. "[1,...]" or "[initial, never]". */
  toString(): string;
}

export const Validators = {
  atLeast(min: number): Validator {
    return {
      ensureValid(name, value) {
        if (value === null || value === undefined) return;
        if ((value as number) < min) throw new ConfigException(name, value, `Value must be at least ${min}`);
      },
      toString: () => `[${min},...]`,
    };
  },
  between(min: number, max: number): Validator {
    return {
      ensureValid(name, value) {
        if (value === null || value === undefined) return;
        const n = value as number;
        if (n < min || n > max) throw new ConfigException(name, value, `Value must be between ${min} and ${max}`);
      },
      toString: () => `[${min},...,${max}]`,
    };
  },
  /** One of the given strings; case-insensitive as Kafka's CaseInsensitiveValidString when asked. */
  in(allowed: readonly string[], options: { caseInsensitive?: boolean } = {}): Validator {
    const norm = (s: string) => (options.caseInsensitive ? s.toLowerCase() : s);
    return {
      ensureValid(name, value) {
        if (value === null || value === undefined) return;
        if (!allowed.some((a) => norm(a) === norm(String(value)))) {
          throw new ConfigException(name, value, `String must be one of: ${allowed.join(', ')}`);
        }
      },
      toString: () => `[${allowed.join(', ')}]`,
    };
  },
  nonEmptyString(): Validator {
    return {
      ensureValid(name, value) {
        if (value === null || value === undefined) return;
        if (String(value).trim() === '') throw new ConfigException(name, value, 'String must be non-empty');
      },
      toString: () => 'non-empty string',
    };
  },
  /** Every list element passes `element`. */
  list(element: Validator): Validator {
    return {
      ensureValid(name, value) {
        for (const v of (value as string[] | null) ?? []) element.ensureValid(name, v);
      },
      toString: () => element.toString(),
    };
  },
  regex(): Validator {
    return {
      ensureValid(name, value) {
        if (value === null || value === undefined) return;
        try {
          new RegExp(String(value));
        } catch (e) {
          throw new ConfigException(name, value, (e as Error).message);
        }
      },
      toString: () => 'a regular expression',
    };
  },
} as const;
