import type { StateFilter } from './route.js';
import type { BrowsedMessage, ConfigInfos, ConnectorStatus, DecodedData } from './types.js';

/** A connector matches FAILED when it or any of its tasks failed; other states by the connector's. */
export function matchesFilter(status: ConnectorStatus | undefined, filter: StateFilter): boolean {
  if (filter === 'ALL') return true;
  if (!status) return false;
  if (filter === 'FAILED') return status.connector.state === 'FAILED' || status.tasks.some((t) => t.state === 'FAILED');
  return status.connector.state === filter;
}

/** The per-field errors of `PUT /connector-plugins/{p}/config/validate`, in response order. */
export function fieldErrors(infos: ConfigInfos): { field: string; errors: string[] }[] {
  return infos.configs.filter((c) => c.value.errors.length > 0).map((c) => ({ field: c.value.name, errors: c.value.errors }));
}

/** Parses the editor's JSON: a flat object of strings (numbers/booleans become strings, as the REST API stores them). */
export function parseConfigText(text: string): { config: Record<string, string> } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { error: `The config is not valid JSON: ${(e as Error).message}` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { error: 'The config must be a JSON object of "key": "value" pairs' };
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (v !== null && typeof v === 'object') return { error: `Invalid value ${JSON.stringify(v)} for configuration ${k}: values must be strings` };
    if (v !== null) config[k] = String(v);
  }
  return { config };
}

export const DLQ_PREFIX = '__connect.errors.';

/** The `__connect.errors.*` headers of a record (Kafka's DeadLetterQueueReporter), prefix removed. */
export function dlqHeaders(m: BrowsedMessage): { name: string; value: string }[] {
  return m.headers.filter((h) => h.key.startsWith(DLQ_PREFIX)).map((h) => ({ name: h.key.slice(DLQ_PREFIX.length), value: h.value ?? `base64:${h.base64 ?? ''}` }));
}

export function dataText(d: DecodedData | null): string {
  if (d === null) return 'null';
  return d.format === 'base64' ? `base64:${d.base64}` : d.text;
}

/** Counts per state for the filter chips. */
export function stateCounts(statuses: readonly (ConnectorStatus | undefined)[]): Record<StateFilter, number> {
  const out: Record<StateFilter, number> = { ALL: statuses.length, RUNNING: 0, PAUSED: 0, FAILED: 0, STOPPED: 0 };
  for (const s of statuses) for (const f of ['RUNNING', 'PAUSED', 'FAILED', 'STOPPED'] as const) if (matchesFilter(s, f)) out[f]++;
  return out;
}
