import { JsonDecimal, quote, type JsonNode } from '@tsconnect/converter-json';

/**
 * Compact JSON text of a parsed/built JSON tree, as Jackson's ObjectMapper writes it (the form
 * Confluent's JsonSchema.canonicalString() registers). Objects are Maps, so key order is ours to set.
 */
export function writeJson(node: JsonNode): string {
  if (node === null) return 'null';
  switch (typeof node) {
    case 'string': return quote(node);
    case 'boolean':
    case 'number':
    case 'bigint': return String(node);
  }
  if (node instanceof JsonDecimal) return node.text;
  if (Array.isArray(node)) return `[${node.map(writeJson).join(',')}]`;
  let out = '{';
  for (const [k, v] of node) out += `${out.length > 1 ? ',' : ''}${quote(k)}:${writeJson(v)}`;
  return `${out}}`;
}
