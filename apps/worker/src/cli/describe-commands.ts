import type { Command } from 'commander';
import { connectorPath } from './client.js';
import { clientFor, formatOf, withOutput, withTarget, type CommonOptions } from './command-support.js';
import type { ConnectorInfoBody, StatusInfo } from './get-commands.js';
import type { CliIo } from './io.js';
import { maskConfig } from './mask.js';
import { printOutput, renderTable } from './output.js';

/** `describe connector -o json`: info + status, the config masked. */
export interface ConnectorDescription {
  name: string;
  type: string;
  state: string;
  worker_id: string;
  trace?: string;
  config: Record<string, string>;
  tasks: { id: number; state: string; worker_id: string; trace?: string }[];
}

export function registerDescribeCommands(program: Command, io: CliIo): void {
  const describe = program.command('describe').description('show one object in detail');
  withOutput(withTarget(describe.command('connector').argument('<connector>', 'connector name')))
    .description('config (secrets masked), state and tasks with their workers and traces')
    .action(async (connector: string, o: CommonOptions) => {
      const format = formatOf(o);
      const client = await clientFor(io, o);
      const info = await client.get<ConnectorInfoBody>(connectorPath(connector));
      const status = await client.get<StatusInfo>(connectorPath(connector, '/status'));
      const d: ConnectorDescription = {
        name: info.name,
        type: status.type ?? info.type,
        state: status.connector.state,
        worker_id: status.connector.worker_id,
        ...(status.connector.trace ? { trace: status.connector.trace } : {}),
        config: maskConfig(info.config),
        tasks: status.tasks.map((t) => ({ id: t.id, state: t.state, worker_id: t.worker_id, ...(t.trace ? { trace: t.trace } : {}) })),
      };
      printOutput(io, format, d, () => describeText(d));
    });
}

function describeText(d: ConnectorDescription): string {
  const lines = [`Name:        ${d.name}`, `Type:        ${d.type}`, `State:       ${d.state}`, `Worker ID:   ${d.worker_id}`];
  if (d.trace) lines.push('Trace:', indent(d.trace, 2));
  lines.push('Config:');
  const keys = Object.keys(d.config).sort();
  const width = Math.max(0, ...keys.map((k) => k.length)) + 1;
  for (const k of keys) lines.push(`  ${`${k}:`.padEnd(width)}  ${d.config[k]}`);
  lines.push('Tasks:');
  const table = renderTable(['id', 'state', 'worker id'], d.tasks.map((t) => [t.id, t.state, t.worker_id]));
  lines.push(indent(table.trimEnd(), 2));
  for (const t of d.tasks.filter((x) => x.trace)) lines.push(`Task ${t.id} trace:`, indent(t.trace!, 2));
  return `${lines.join('\n')}\n`;
}

const indent = (s: string, n: number): string => s.split('\n').map((l) => (l === '' ? l : ' '.repeat(n) + l)).join('\n');
