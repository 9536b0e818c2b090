import type { Plugin } from '@tsconnect/sdk';
import { AvroConverter } from './avro-converter.js';

const VERSION = '0.1.0';

/** Registered by the worker; the alias lets Confluent connector configs work unchanged. */
export const tsconnectPlugins: Plugin[] = [
  {
    type: 'converter', className: 'io.tsconnect.converters.AvroConverter', aliases: ['io.confluent.connect.avro.AvroConverter', 'AvroConverter'],
    version: VERSION, create: () => new AvroConverter(),
  },
];
