import { parseArrayLiteral } from '@tsconnect/pgoutput';

/**
 * Elements of a one-dimensional array literal as text (NULL → null). Multi-dimensional arrays
 * are flattened, as PgJDBC-based Debezium cannot represent them either.
 */
export function arrayElements(text: string): (string | null)[] {
  const nested = parseArrayLiteral(text, (s) => s) as unknown[];
  return nested.flat(Infinity) as (string | null)[];
}
