import { DataException } from '@tsconnect/sdk';

/** Short description of a bad value for error messages: its JS type and, when small, the value. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string': return `string ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)}`;
    case 'number':
    case 'boolean': return `${typeof value} ${String(value)}`;
    case 'bigint': return `bigint ${value}n`;
    case 'undefined': return 'undefined';
    case 'object': return `object ${(value as object).constructor?.name ?? 'Object'}`;
    default: return typeof value;
  }
}

const PATH = Symbol('tsconnect.jsonPath');
type PathError = DataException & { [PATH]?: string[] };

/** Records that the error happened inside field/element `segment` (innermost first, prepended on the way out). */
export function inPath(error: unknown, segment: string): unknown {
  if (error instanceof DataException) {
    const e = error as PathError;
    (e[PATH] ??= []).unshift(segment);
  }
  return error;
}

/** Appends the collected path, e.g. ` (at "after.amount")`, once at the top. */
export function withPath(error: unknown): unknown {
  if (error instanceof DataException) {
    const e = error as PathError;
    const path = e[PATH];
    if (path && path.length > 0) {
      e.message += ` (at "${path.join('.').replace(/\.\[/g, '[')}")`;
      e[PATH] = [];
    }
  }
  return error;
}
