import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { connectorPath } from './client.js';
import { clientFor, formatOf, withOutput, withTarget, type CommonOptions } from './command-support.js';
import type { ConnectorInfoBody } from './get-commands.js';
import { CliError, type CliIo } from './io.js';
import { maskConfig } from './mask.js';
import { printOutput } from './output.js';

const collect = (v: string, acc: string[]): string[] => [...acc, v];

export function registerApplyCommands(program: Command, io: CliIo): void {
  withOutput(withTarget(program.command('apply')))
    .description('create or update connectors from files (PUT /connectors/{name}/config)')
    .requiredOption('-f, --file <file>', 'connector file: .json as for POST /connectors ({"name","config"}) or a flat config with "name", or .properties; repeatable', collect, [])
    .action(async (o: CommonOptions & { file: string[] }) => {
      const format = formatOf(o);
      const connectors = await Promise.all(o.file.map(readConnectorFile));
      const client = await clientFor(io, o);
      const results: ConnectorInfoBody[] = [];
      const lines: string[] = [];
      for (const c of connectors) {
        const r = await client.request<ConnectorInfoBody>('PUT', connectorPath(c.name, '/config'), c.config);
        results.push({ ...r.body, config: maskConfig(r.body.config) });
        lines.push(`${r.status === 201 ? 'Created' : 'Updated'} connector ${c.name}\n`);
      }
      printOutput(io, format, results, () => lines.join(''));
    });

  withOutput(withTarget(program.command('patch').argument('<connector>', 'connector name')))
    .description('change some config keys of a connector (PATCH /connectors/{c}/config)')
    .option('--set <key=value>', 'set a key; repeatable', collect, [])
    .option('--unset <key>', 'remove a key (sent as null); repeatable', collect, [])
    .action(async (connector: string, o: CommonOptions & { set: string[]; unset: string[] }) => {
      const format = formatOf(o);
      if (o.set.length === 0 && o.unset.length === 0) throw new CliError('Nothing to patch: give at least one --set key=value or --unset key');
      const patch: Record<string, string | null> = {};
      for (const kv of o.set) {
        const i = kv.indexOf('=');
        if (i <= 0) throw new CliError(`Invalid value ${kv} for --set: expected key=value`);
        patch[kv.slice(0, i)] = kv.slice(i + 1);
      }
      for (const k of o.unset) patch[k] = null;
      const client = await clientFor(io, o);
      const r = await client.request<ConnectorInfoBody>('PATCH', connectorPath(connector, '/config'), patch);
      printOutput(io, format, { ...r.body, config: maskConfig(r.body.config) }, () => `Patched connector ${connector}\n`);
    });
}

/** `{name, config}` (POST /connectors body), a flat JSON config with `name`, or a .properties file. */
export async function readConnectorFile(path: string): Promise<{ name: string; config: Record<string, string> }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new CliError(`Cannot read connector file ${path}: ${(e as Error).message}`);
  }
  let raw: Record<string, unknown>;
  if (path.endsWith('.properties')) {
    // Loaded on demand: the runtime is heavy and only .properties files need its parser.
    const { parseProperties } = await import('@tsconnect/runtime');
    raw = parseProperties(text);
  } else {
    try {
      raw = JSON.parse(text) as Record<string, unknown>;
    } catch (e) {
      throw new CliError(`Invalid JSON in connector file ${path}: ${(e as Error).message}`);
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new CliError(`Invalid connector file ${path}: expected a JSON object`);
  }
  const nested = raw['config'];
  const flat = nested && typeof nested === 'object' && !Array.isArray(nested) ? (nested as Record<string, unknown>) : raw;
  const name = raw['name'] ?? flat['name'];
  if (typeof name !== 'string' || name.trim() === '') throw new CliError(`Missing "name" in connector file ${path}`);
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(flat)) {
    // Kafka's REST API takes string values only; numbers and booleans are written naturally in files.
    if (v !== null && typeof v === 'object') throw new CliError(`Invalid value ${JSON.stringify(v)} for key ${k} in connector file ${path}: expected a string`);
    if (v !== null && v !== undefined) config[k] = String(v);
  }
  config['name'] = name;
  return { name, config };
}
