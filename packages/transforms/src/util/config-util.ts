import { ConfigException, type Validator } from '@tsconnect/sdk';
import { JavaPattern } from './java-regex.js';

/** Java's List.toString, so list values print as Kafka prints them ("[a, b]"). */
export function javaList(value: unknown): string {
  return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}

export const TransformValidators = {
  /** Kafka's NonEmptyListValidator. */
  nonEmptyList(): Validator {
    return {
      ensureValid(name, value) {
        if (value === null || value === undefined || (value as unknown[]).length === 0) {
          throw new ConfigException(name, javaList(value ?? null), 'Empty list');
        }
      },
      toString: () => 'non-empty list',
    };
  },
  /** Kafka's ConfigDef.NonNullValidator. */
  nonNull(): Validator {
    return {
      ensureValid(name, value) {
        if (value === null || value === undefined) throw new ConfigException(name, null, 'entry must be non null');
      },
      toString: () => 'non-null string',
    };
  },
  /** Kafka's RegexValidator, checking the Java pattern as it will be compiled. */
  javaRegex(): Validator {
    return {
      ensureValid(name, value) {
        if (value === null || value === undefined) return;
        JavaPattern.compile(name, String(value));
      },
      toString: () => 'valid regex',
    };
  },
  /** Kafka's CaseInsensitiveValidString. */
  inIgnoreCase(allowed: readonly string[]): Validator {
    return {
      ensureValid(name, value) {
        if (value === null || value === undefined) return;
        if (!allowed.some((a) => a.toUpperCase() === String(value).toUpperCase())) {
          throw new ConfigException(name, value, `String must be one of (case insensitive): ${allowed.join(', ')}`);
        }
      },
      toString: () => `(case insensitive) [${allowed.join(', ')}]`,
    };
  },
  all(...validators: Validator[]): Validator {
    return {
      ensureValid(name, value) {
        for (const v of validators) v.ensureValid(name, value);
      },
      toString: () => validators.map(String).join(', '),
    };
  },
} as const;

/** `a:b` pairs (ReplaceField renames); throws naming `key` and the whole list on a bad one. */
export function parseColonPairs(key: string, mappings: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const mapping of mappings) {
    const parts = javaSplit(mapping, ':');
    if (parts.length !== 2) throw new ConfigException(key, javaList(mappings), `Invalid rename mapping: ${mapping}`);
    m.set(parts[0]!, parts[1]!);
  }
  return m;
}

/** Java's String.split(sep): trailing empty strings are removed. */
export function javaSplit(text: string, sep: string): string[] {
  const parts = text.split(sep);
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 1 && parts[0] === '' && text !== '') return [];
  return parts;
}

/**
 * A ConfigException with Kafka's exact message for checks that span several keys
 * (e.g. "No field insertion configured"); `key` still tells the REST validate API where it belongs.
 */
export function configError(key: string, value: unknown, message: string): ConfigException {
  const error = new ConfigException(key, value, message);
  error.message = message;
  return error;
}
