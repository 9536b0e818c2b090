import type { Command } from 'commander';
import { clientFor, formatOf, withOutput, withTarget, type CommonOptions } from './command-support.js';
import { CliError, type CliIo } from './io.js';
import { isoTime, printOutput, renderTable } from './output.js';

interface LoggerLevel { level: string; last_modified: number | null }

const loggerPath = (name: string): string => `/admin/loggers/${encodeURIComponent(name)}`;

/** Kafka's `/admin/loggers` (KIP-495, KIP-976 for scope). */
export function registerLogsCommands(program: Command, io: CliIo): void {
  const logs = program.command('logs').description('worker log levels');
  withOutput(withTarget(logs.command('level').argument('[logger]', 'logger name, e.g. root or org.apache.kafka.connect.runtime.WorkerSinkTask').argument('[level]', 'new level: ERROR, WARN, INFO, DEBUG, TRACE…')))
    .description('list levels, show one logger\'s level, or set it (PUT /admin/loggers/{logger})')
    .option('--scope <scope>', 'worker (this worker) or cluster (every worker; Kafka answers 204)')
    .action(async (logger: string | undefined, level: string | undefined, o: CommonOptions & { scope?: string }) => {
      const format = formatOf(o);
      if (o.scope !== undefined && !['worker', 'cluster'].includes(o.scope.toLowerCase())) {
        throw new CliError(`Invalid value ${o.scope} for --scope: expected worker or cluster`);
      }
      if (o.scope !== undefined && level === undefined) throw new CliError('--scope applies only when setting a level: tsconnect logs level <logger> <level> --scope cluster');
      const client = await clientFor(io, o);
      const header = ['logger', 'level', 'last modified'];
      if (logger === undefined) {
        const all = await client.get<Record<string, LoggerLevel>>('/admin/loggers');
        return printOutput(io, format, all, () => renderTable(header, Object.entries(all).map(([n, l]) => [n, l.level, isoTime(l.last_modified)])));
      }
      if (level === undefined) {
        const one = await client.get<LoggerLevel>(loggerPath(logger));
        return printOutput(io, format, one, () => renderTable(header, [[logger, one.level, isoTime(one.last_modified)]]));
      }
      const scope = o.scope ? `?scope=${encodeURIComponent(o.scope.toLowerCase())}` : '';
      const r = await client.request<string[] | undefined>('PUT', `${loggerPath(logger)}${scope}`, { level });
      // The worker scope answers the loggers it changed; the cluster scope is 204 without a body.
      const changed = r.body ?? [];
      printOutput(io, format, changed, () => (r.body
        ? renderTable(['logger', 'level'], changed.map((n) => [n, level.toUpperCase()]))
        : `Set level ${level.toUpperCase()} on ${logger} for the whole cluster\n`));
    });
}
