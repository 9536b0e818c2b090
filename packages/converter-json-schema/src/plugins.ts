import type { Plugin } from '@tsconnect/sdk';
import { JsonSchemaConverter } from './json-schema-converter.js';

const VERSION = '0.1.0';

/** Registered by the worker; the alias lets Confluent connector configs work unchanged. */
export const tsconnectPlugins: Plugin[] = [
  {
    type: 'converter', className: 'io.tsconnect.converters.JsonSchemaConverter',
    aliases: ['io.confluent.connect.json.JsonSchemaConverter', 'JsonSchemaConverter'],
    version: VERSION, create: () => new JsonSchemaConverter(),
  },
];
