import { Command } from 'commander';
import { connectorPath, type ConnectClient } from './client.js';
import { clientFor, formatOf, withOutput, withTarget, type CommonOptions } from './command-support.js';
import type { CliIo } from './io.js';
import { compactJson, printOutput, renderTable } from './output.js';

/** Kafka's shapes (`GET /connectors?expand=status&expand=info`). */
interface StateEntry { state: string; worker_id: string; trace?: string }
interface StatusInfo { name: string; connector: StateEntry; tasks: (StateEntry & { id: number })[]; type: string }
interface ConnectorInfoBody { name: string; config: Record<string, string>; tasks: { connector: string; task: number }[]; type: string }

/** One line of `get connectors -o json`. */
export interface ConnectorSummary {
  name: string;
  type: string;
  class: string | null;
  state: string;
  worker_id: string;
  tasks: { id: number; state: string; worker_id: string }[];
}

export interface OffsetsBody { offsets: { partition: Record<string, unknown>; offset: Record<string, unknown> | null }[] }

export function registerGetCommands(program: Command, io: CliIo): void {
  const get = program.command('get').description('list connectors, plugins or a connector\'s offsets');

  withOutput(withTarget(get.command('connectors').alias('connector')), ['name'])
    .description('list connectors with their type, state and tasks')
    .action(async (o: CommonOptions) => {
      const format = formatOf(o, ['name']);
      const client = await clientFor(io, o);
      const summaries = await connectorSummaries(client);
      if (format === 'name') return io.stdout(summaries.map((s) => `${s.name}\n`).join(''));
      printOutput(io, format, summaries, () => renderTable(['name', 'type', 'state', 'tasks', 'class'],
        summaries.map((s) => [s.name, s.type, s.state, s.tasks.map((t) => `${t.id}: ${t.state}`).join(', '), s.class])));
    });

  withOutput(withTarget(get.command('plugins').alias('plugin')))
    .description('list the installed connector plugins (GET /connector-plugins)')
    .option('--all', 'also converters, transformations and predicates (connectorsOnly=false)')
    .action(async (o: CommonOptions & { all?: boolean }) => {
      const format = formatOf(o);
      const client = await clientFor(io, o);
      const plugins = await client.get<{ class: string; type: string; version?: string }[]>(`/connector-plugins${o.all ? '?connectorsOnly=false' : ''}`);
      printOutput(io, format, plugins, () => renderTable(['class', 'type', 'version'], plugins.map((p) => [p.class, p.type, p.version])));
    });

  withOutput(withTarget(get.command('offsets').argument('<connector>', 'connector name')))
    .description('show a connector\'s offsets (KIP-875: GET /connectors/{c}/offsets)')
    .action(async (connector: string, o: CommonOptions) => printOffsets(io, connector, o));
}

export async function printOffsets(io: CliIo, connector: string, o: CommonOptions): Promise<void> {
  const format = formatOf(o);
  const client = await clientFor(io, o);
  const body = await client.get<OffsetsBody>(connectorPath(connector, '/offsets'));
  printOutput(io, format, body, () => renderTable(['partition', 'offset'], body.offsets.map((e) => [compactJson(e.partition), compactJson(e.offset)])));
}

export async function connectorSummaries(client: ConnectClient): Promise<ConnectorSummary[]> {
  const all = await client.get<Record<string, { status?: StatusInfo; info?: ConnectorInfoBody }>>('/connectors?expand=status&expand=info');
  return Object.keys(all).sort().map((name) => {
    const { status, info } = all[name]!;
    return {
      name,
      type: status?.type ?? info?.type ?? 'unknown',
      class: info?.config['connector.class'] ?? null,
      state: status?.connector.state ?? 'UNKNOWN',
      worker_id: status?.connector.worker_id ?? '',
      tasks: (status?.tasks ?? []).map((t) => ({ id: t.id, state: t.state, worker_id: t.worker_id })),
    };
  });
}

export type { StatusInfo, ConnectorInfoBody };
