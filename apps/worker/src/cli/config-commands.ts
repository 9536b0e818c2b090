import type { Command } from 'commander';
import { formatOf, withOutput, type CommonOptions } from './command-support.js';
import { checkUrl, configPath, knownContexts, loadConfig, saveConfig, type ContextEntry } from './contexts.js';
import { CliError, type CliIo } from './io.js';
import { printOutput, renderTable } from './output.js';

/** `get-contexts -o json`: never the password. */
export interface ContextView {
  name: string;
  url: string;
  user: string | null;
  current: boolean;
}

/** Contexts for several clusters in `~/.tsconnect/config.json` (or `$TSCONNECT_CONFIG`). */
export function registerConfigCommands(program: Command, io: CliIo): void {
  const config = program.command('config').description(`cluster contexts, stored in ${'$TSCONNECT_CONFIG'} or ~/.tsconnect/config.json`);

  config.command('use').alias('use-context').argument('<context>', 'context name')
    .description('make a context the current one')
    .action(async (name: string) => {
      const c = await loadConfig(io);
      const entry = c.contexts[name];
      if (!entry) throw new CliError(`Unknown context ${name}: known contexts are ${knownContexts(c)}`);
      c['current-context'] = name;
      await saveConfig(io, c);
      io.stdout(`Using context ${name} (${entry.url})\n`);
    });

  config.command('set-context').argument('<context>', 'context name')
    .description('create or update a context; the first one becomes current')
    .option('--url <url>', 'Kafka Connect REST URL, e.g. http://localhost:8083 (required for a new context)')
    .option('--user <user>', 'HTTP basic auth user')
    .option('--password <password>', 'HTTP basic auth password (stored in the config file, mode 0600)')
    .action(async (name: string, o: { url?: string; user?: string; password?: string }) => {
      const c = await loadConfig(io);
      const old = c.contexts[name];
      const url = o.url ?? old?.url;
      if (url === undefined) throw new CliError(`Missing --url for the new context ${name}`);
      if (o.password !== undefined && o.user === undefined && old?.user === undefined) throw new CliError(`--password needs --user (context ${name} has no user)`);
      const entry: ContextEntry = { url: checkUrl(url, '--url') };
      const user = o.user ?? old?.user;
      const password = o.password ?? (o.user === undefined ? old?.password : undefined);
      if (user !== undefined) entry.user = user;
      if (password !== undefined) entry.password = password;
      c.contexts[name] = entry;
      const becameCurrent = c['current-context'] === undefined || c.contexts[c['current-context']] === undefined;
      if (becameCurrent) c['current-context'] = name;
      await saveConfig(io, c);
      io.stdout(`${old ? 'Updated' : 'Created'} context ${name} (${entry.url})${becameCurrent ? '; it is now the current context' : ''}\n`);
    });

  withOutput(config.command('get-contexts'), ['name'])
    .description('list the contexts; * marks the current one')
    .action(async (o: CommonOptions) => {
      const format = formatOf(o, ['name']);
      const c = await loadConfig(io);
      const views: ContextView[] = Object.entries(c.contexts).map(([name, e]) => ({ name, url: e.url, user: e.user ?? null, current: c['current-context'] === name }));
      if (format === 'name') return io.stdout(views.map((v) => `${v.name}\n`).join(''));
      printOutput(io, format, views, () => renderTable(['current', 'name', 'url', 'user'], views.map((v) => [v.current ? '*' : '', v.name, v.url, v.user])));
    });

  config.command('current-context').description('print the current context name')
    .action(async () => {
      const c = await loadConfig(io);
      const name = c['current-context'];
      if (name === undefined) throw new CliError(`No current context in ${configPath(io)}: add one with 'tsconnect config set-context <name> --url <url>'`);
      io.stdout(`${name}\n`);
    });

  config.command('delete-context').argument('<context>', 'context name')
    .description('remove a context')
    .action(async (name: string) => {
      const c = await loadConfig(io);
      if (!c.contexts[name]) throw new CliError(`Unknown context ${name}: known contexts are ${knownContexts(c)}`);
      delete c.contexts[name];
      if (c['current-context'] === name) delete c['current-context'];
      await saveConfig(io, c);
      io.stdout(`Deleted context ${name}\n`);
    });
}
