import type { Command } from 'commander';
import { connectorPath } from './client.js';
import { clientFor, formatOf, withOutput, withTarget, type CommonOptions } from './command-support.js';
import type { StatusInfo } from './get-commands.js';
import { CliError, type CliIo } from './io.js';
import { printOutput, renderTable } from './output.js';

/** pause / resume / stop / delete: one request, one line of output. */
const SIMPLE = [
  { name: 'pause', method: 'PUT', path: '/pause', done: 'Paused', help: 'pause a connector and its tasks (PUT /connectors/{c}/pause)' },
  { name: 'resume', method: 'PUT', path: '/resume', done: 'Resumed', help: 'resume a paused or stopped connector (PUT /connectors/{c}/resume)' },
  { name: 'stop', method: 'PUT', path: '/stop', done: 'Stopped', help: 'stop a connector and shut its tasks down (PUT /connectors/{c}/stop)' },
  { name: 'delete', method: 'DELETE', path: '', done: 'Deleted', help: 'delete a connector (DELETE /connectors/{c})' },
] as const;

export function registerLifecycleCommands(program: Command, io: CliIo): void {
  for (const s of SIMPLE) {
    withTarget(program.command(s.name).argument('<connector>', 'connector name'))
      .description(s.help)
      .action(async (connector: string, o: CommonOptions) => {
        const client = await clientFor(io, o);
        await client.request(s.method, connectorPath(connector, s.path));
        io.stdout(`${s.done} connector ${connector}\n`);
      });
  }

  const restart = program.command('restart').description('restart a connector (`restart <c>` is `restart connector <c>`) or one task');
  // `restart <c>` means `restart connector <c>` (kcctl spells both).
  withOutput(withTarget(restart.command('connector', { isDefault: true }).argument('<connector>', 'connector name')))
    .description('restart a connector: POST /connectors/{c}/restart?includeTasks&onlyFailed')
    .option('--include-tasks', 'also restart its tasks')
    .option('--failed', 'only the failed instances (onlyFailed=true)')
    .action(async (connector: string, o: CommonOptions & { includeTasks?: boolean; failed?: boolean }) => {
      const format = formatOf(o);
      const client = await clientFor(io, o);
      const query = o.includeTasks || o.failed ? `?includeTasks=${o.includeTasks === true}&onlyFailed=${o.failed === true}` : '';
      const r = await client.request<StatusInfo | undefined>('POST', connectorPath(connector, `/restart${query}`));
      // 204 (plain restart) has no body; 202 answers the states, RESTARTING where a restart is pending.
      const body = r.body ?? {};
      printOutput(io, format, body, () => {
        const head = `Restarted connector ${connector}\n`;
        if (!r.body) return head;
        const rows = [['connector', '', r.body.connector.state, r.body.connector.worker_id], ...r.body.tasks.map((t) => ['task', t.id, t.state, t.worker_id])];
        return head + renderTable(['kind', 'id', 'state', 'worker id'], rows);
      });
    });
  withTarget(restart.command('task').argument('<connector>', 'connector name').argument('<task>', 'task id'))
    .description('restart one task (POST /connectors/{c}/tasks/{id}/restart)')
    .action(async (connector: string, task: string, o: CommonOptions) => {
      if (!/^\d+$/.test(task)) throw new CliError(`Invalid value ${task} for task id: expected a non-negative integer`);
      const client = await clientFor(io, o);
      await client.request('POST', connectorPath(connector, `/tasks/${task}/restart`));
      io.stdout(`Restarted task ${task} of connector ${connector}\n`);
    });
}
