import type { Plugin } from '@tsconnect/sdk';
import { JsonConverter } from './json-converter.js';
import { StringConverter } from './string-converter.js';
import { ByteArrayConverter } from './byte-array-converter.js';
import { SimpleHeaderConverter } from './simple-header-converter.js';

const VERSION = '0.1.0';

/** Registered by the worker under these class names; the aliases let Kafka Connect configs work unchanged. */
export const tsconnectPlugins: Plugin[] = [
  { type: 'converter', className: 'io.tsconnect.converters.JsonConverter', aliases: ['org.apache.kafka.connect.json.JsonConverter', 'JsonConverter'], version: VERSION, create: () => new JsonConverter() },
  { type: 'header_converter', className: 'io.tsconnect.converters.JsonConverter', aliases: ['org.apache.kafka.connect.json.JsonConverter', 'JsonConverter'], version: VERSION, create: () => new JsonConverter() },
  { type: 'converter', className: 'io.tsconnect.converters.StringConverter', aliases: ['org.apache.kafka.connect.storage.StringConverter', 'StringConverter'], version: VERSION, create: () => new StringConverter() },
  { type: 'header_converter', className: 'io.tsconnect.converters.StringConverter', aliases: ['org.apache.kafka.connect.storage.StringConverter', 'StringConverter'], version: VERSION, create: () => new StringConverter() },
  { type: 'converter', className: 'io.tsconnect.converters.ByteArrayConverter', aliases: ['org.apache.kafka.connect.converters.ByteArrayConverter', 'ByteArrayConverter'], version: VERSION, create: () => new ByteArrayConverter() },
  { type: 'header_converter', className: 'io.tsconnect.converters.ByteArrayConverter', aliases: ['org.apache.kafka.connect.converters.ByteArrayConverter', 'ByteArrayConverter'], version: VERSION, create: () => new ByteArrayConverter() },
  { type: 'header_converter', className: 'io.tsconnect.converters.SimpleHeaderConverter', aliases: ['org.apache.kafka.connect.storage.SimpleHeaderConverter', 'SimpleHeaderConverter'], version: VERSION, create: () => new SimpleHeaderConverter() },
];
