import { DataException } from '@tsconnect/sdk';

/** An HTTP error answer; `errorCode` is the registry's `error_code` (e.g. 40403 schema not found). */
export class RestClientException extends Error {
  constructor(message: string, readonly status: number, readonly errorCode: number) {
    super(message);
    this.name = 'RestClientException';
  }
}

/** Confluent's "schema not found" error_code. */
export const SCHEMA_NOT_FOUND = 40403;

/**
 * The DataException a converter throws for a failure while (de)serializing: `prefix` names the
 * topic in the converter's own words, registry "not found" answers are spelled out.
 */
export function registryDataException(prefix: string, e: unknown): DataException {
  if (e instanceof RestClientException && e.errorCode === SCHEMA_NOT_FOUND) {
    return new DataException(`${prefix}: schema not found in the schema registry (${e.message})`, { cause: e });
  }
  if (e instanceof RestClientException && e.status === 404) {
    return new DataException(`${prefix}: subject or schema not registered (${e.message})`, { cause: e });
  }
  return new DataException(`${prefix}: ${(e as Error).message}`, { cause: e });
}

/** True for a registry 404 (subject or version unknown), which callers may treat as "no answer". */
export function isNotFound(e: unknown): boolean {
  return e instanceof RestClientException && e.status === 404;
}
