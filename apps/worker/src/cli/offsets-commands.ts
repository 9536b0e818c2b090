import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { connectorPath } from './client.js';
import { clientFor, formatOf, withOutput, withTarget, type CommonOptions } from './command-support.js';
import { printOffsets, type OffsetsBody } from './get-commands.js';
import { CliError, type CliIo } from './io.js';
import { printOutput } from './output.js';

/** KIP-875 offsets; reset and alter need the connector STOPPED (`tsconnect stop <c>`). */
export function registerOffsetsCommands(program: Command, io: CliIo): void {
  const offsets = program.command('offsets').description('read, reset or alter a connector\'s offsets (KIP-875)');

  withOutput(withTarget(offsets.command('get').argument('<connector>', 'connector name')))
    .description('GET /connectors/{c}/offsets')
    .action(async (connector: string, o: CommonOptions) => printOffsets(io, connector, o));

  withOutput(withTarget(offsets.command('reset').argument('<connector>', 'connector name (must be STOPPED)')))
    .description('DELETE /connectors/{c}/offsets')
    .action(async (connector: string, o: CommonOptions) => {
      const format = formatOf(o);
      const client = await clientFor(io, o);
      const r = await client.request<{ message: string }>('DELETE', connectorPath(connector, '/offsets'));
      printOutput(io, format, r.body, () => `${r.body.message}\n`);
    });

  withOutput(withTarget(offsets.command('alter').argument('<connector>', 'connector name (must be STOPPED)')))
    .description('PATCH /connectors/{c}/offsets with a file ({"offsets":[…]}) or one --partition/--offset pair')
    .option('-f, --file <file>', 'JSON body: {"offsets": [{"partition": {…}, "offset": {…}|null}]}')
    .option('--partition <json>', 'one partition, e.g. \'{"filename":"/tmp/in.txt"}\' or \'{"kafka_topic":"t","kafka_partition":0}\'')
    .option('--offset <json>', 'its new offset, e.g. \'{"position":42}\' or \'{"kafka_offset":10}\'; null resets it')
    .action(async (connector: string, o: CommonOptions & { file?: string; partition?: string; offset?: string }) => {
      const format = formatOf(o);
      const body = await alterBody(o);
      const client = await clientFor(io, o);
      const r = await client.request<{ message: string }>('PATCH', connectorPath(connector, '/offsets'), body);
      printOutput(io, format, r.body, () => `${r.body.message}\n`);
    });
}

async function alterBody(o: { file?: string; partition?: string; offset?: string }): Promise<OffsetsBody> {
  if (o.file !== undefined) {
    if (o.partition !== undefined || o.offset !== undefined) throw new CliError('Give either -f/--file or --partition with --offset, not both');
    let text: string;
    try {
      text = await readFile(o.file, 'utf8');
    } catch (e) {
      throw new CliError(`Cannot read offsets file ${o.file}: ${(e as Error).message}`);
    }
    const body = parseJson(text, `offsets file ${o.file}`);
    if (!body || typeof body !== 'object' || !Array.isArray((body as { offsets?: unknown }).offsets)) {
      throw new CliError(`Invalid offsets file ${o.file}: expected {"offsets": [{"partition": {…}, "offset": {…}}]}`);
    }
    return body as OffsetsBody;
  }
  if (o.partition === undefined || o.offset === undefined) throw new CliError('Missing offsets: give -f/--file, or both --partition and --offset');
  const partition = parseJson(o.partition, '--partition');
  const offset = parseJson(o.offset, '--offset');
  if (!partition || typeof partition !== 'object' || Array.isArray(partition)) throw new CliError(`Invalid value ${o.partition} for --partition: expected a JSON object`);
  if (offset !== null && (typeof offset !== 'object' || Array.isArray(offset))) throw new CliError(`Invalid value ${o.offset} for --offset: expected a JSON object or null`);
  return { offsets: [{ partition: partition as Record<string, unknown>, offset: offset as Record<string, unknown> | null }] };
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`Invalid value ${text.trim()} for ${what}: ${(e as Error).message}`);
  }
}
