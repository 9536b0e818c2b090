import { parseArrayLiteral } from '@tsconnect/pgoutput';

/**
 * Elements of a one-dimensional array literal as text (NULL → null). A multi-dimensional value
 * (PostgreSQL does not enforce a column's declared dimensions, so `int[]` can hold one) is
 * refused: Debezium has no representation for it either — its array converter hands each
 * sub-array to the element converter (3.5.0.Final, same server: `{{1,2},{3,4}}` → `[null,null]`
 * with a WARN, `{{a,b},{c,d}}` → `["[Ljava.lang.String;@…", …]`) — and flattening it would
 * silently lose the shape.
 */
export function arrayElements(text: string): (string | null)[] {
  const elements = parseArrayLiteral(text, (s) => s) as unknown[];
  let depth = 1;
  for (let level: unknown = elements; Array.isArray(level) && level.some(Array.isArray); depth++) {
    level = level.find(Array.isArray);
  }
  if (depth > 1) {
    throw new Error(`multi-dimensional arrays (${depth} dimensions) are not supported, as in Debezium; ` +
      'store one-dimensional arrays (or json) in captured columns');
  }
  return elements as (string | null)[];
}
