import type { TypeMapping } from '../values/type-mapping.js';
import type { ColumnMetadata } from './table-metadata.js';

const LITERAL = /'(.*?)'/;
const FUNCTION_CALL = /^[(]?[A-Za-z0-9_.]+\((?:.+(?:, ?.+)*)?\)/;
const CURRENT_DATE_TIMES = new Set(['current_timestamp', 'current_time', 'current_date', 'localtime', 'localtimestamp']);

/**
 * Text a generated default (nextval(), now(), CURRENT_TIMESTAMP …) stands for, by base type: Debezium
 * puts these placeholders in the schema instead of leaving the default out (so a SERIAL key has default 0).
 * Types missing here get no schema default, as in Debezium.
 */
const GENERATED_PLACEHOLDERS: Readonly<Record<string, string>> = {
  bit: '00', varbit: '0', bool: 'false', bpchar: '', varchar: '', text: '',
  numeric: '0.0', float4: '0.0', float8: '0.0', int2: '0', int4: '0', int8: '0',
  json: '{}', jsonb: '{}', xml: '', uuid: '00000000-0000-0000-0000-000000000000',
  date: '1970-01-01', time: '00:00:00', timestamp: '1970-01-01 00:00:00', timestamptz: '1970-01-01 00:00:00+00',
};

/**
 * The schema default of a column, as Debezium's PostgresDefaultValueConverter derives it from the
 * default expression; undefined when there is none or it cannot be evaluated.
 */
export function columnDefault(column: ColumnMetadata, mapping: TypeMapping): unknown {
  const expression = column.defaultExpression?.trim();
  if (!expression) return undefined;
  const text = defaultText(column, expression);
  if (text === null || text === undefined) return undefined;
  try {
    const value = mapping.convert(text);
    return value === null ? undefined : value;
  } catch {
    return undefined; // "Expression evaluation is not supported" in Debezium: no default
  }
}

function defaultText(column: ColumnMetadata, expression: string): string | null | undefined {
  const enumType = column.enumValues && column.elementOid === undefined;
  const placeholder = enumType ? undefined : GENERATED_PLACEHOLDERS[column.typeName];
  if (placeholder === undefined && !enumType) return undefined;
  if (FUNCTION_CALL.test(expression) || CURRENT_DATE_TIMES.has(expression.toLowerCase())) return placeholder;
  if (!expression.includes("'")) return expression.startsWith('NULL::') ? null : expression;
  return LITERAL.exec(expression)?.[1];
}
