import { tsconnectPlugins as file } from '@tsconnect/connector-file';
import { tsconnectPlugins as jdbc } from '@tsconnect/connector-jdbc';
import { tsconnectPlugins as postgres } from '@tsconnect/connector-postgres';
import { tsconnectPlugins as s3 } from '@tsconnect/connector-s3';
import { tsconnectPlugins as avro } from '@tsconnect/converter-avro';
import { tsconnectPlugins as json } from '@tsconnect/converter-json';
import { tsconnectPlugins as jsonSchema } from '@tsconnect/converter-json-schema';
import { PluginRegistry } from '@tsconnect/runtime';
import { tsconnectPlugins as transforms } from '@tsconnect/transforms';

/**
 * The plugins that ship with the reference worker. This app is the only place that knows concrete
 * plugins; more arrive through `plugin.path` (npm packages exporting `tsconnectPlugins`).
 */
export function builtinPlugins(): PluginRegistry {
  return new PluginRegistry().register(...json, ...avro, ...jsonSchema, ...transforms, ...postgres, ...jdbc, ...file, ...s3);
}
