import { BadRequestException } from '../herder/errors.js';

/**
 * A config map from a JSON body: values become strings as Jackson would coerce them
 * (numbers, booleans); null is rejected, as Kafka does, naming the key.
 */
export function configFromBody(body: unknown, what: string, opts: { allowNull?: boolean } = {}): Record<string, string> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequestException(`Request body for ${what} must be a JSON object of string keys and values`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (v === null && opts.allowNull) {
      (out as Record<string, string | null>)[k] = null;
      continue;
    }
    if (v === null || v === undefined) throw new BadRequestException(`Invalid value null for configuration ${k}: Null value can not be supplied as the configuration value.`);
    if (typeof v === 'object') throw new BadRequestException(`Invalid value ${JSON.stringify(v)} for configuration ${k}: values must be strings`);
    out[k] = String(v);
  }
  return out;
}

/** Kafka's checkAndPutConnectorConfigName: the body's `name` must match the URL's, else it is filled in. */
export function checkAndPutConnectorConfigName(name: string, config: Record<string, string>): void {
  const included = config['name'];
  if (included !== undefined) {
    if (included !== name) {
      throw new BadRequestException(`Connector name configuration (${included}) doesn't match connector name in the URL (${name})`);
    }
  } else {
    config['name'] = name;
  }
}

export function parseTaskNumber(raw: string): number {
  if (!/^\d+$/.test(raw)) throw new BadRequestException(`Invalid task id ${raw}: must be a non-negative integer`);
  return Number(raw);
}
