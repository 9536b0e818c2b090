import type { SinkConnector, SourceConnector } from './connector/connector.js';
import type { Converter, HeaderConverter } from './storage/converter.js';
import type { Predicate, Transformation } from './transforms/transformation.js';

interface PluginBase<T> {
  /** The canonical class name users put in `connector.class` / `transforms.x.type` … */
  readonly className: string;
  /** Other names that resolve to this plugin, e.g. the Java class it replaces. */
  readonly aliases?: readonly string[];
  readonly version: string;
  create(): T;
}

export interface SourceConnectorPlugin extends PluginBase<SourceConnector> { readonly type: 'source' }
export interface SinkConnectorPlugin extends PluginBase<SinkConnector> { readonly type: 'sink' }
export interface ConverterPlugin extends PluginBase<Converter> { readonly type: 'converter' }
export interface HeaderConverterPlugin extends PluginBase<HeaderConverter> { readonly type: 'header_converter' }
export interface TransformationPlugin extends PluginBase<Transformation> { readonly type: 'transformation' }
export interface PredicatePlugin extends PluginBase<Predicate> { readonly type: 'predicate' }

/**
 * Everything a package can contribute. An npm package becomes a worker plugin by exporting
 * `tsconnectPlugins: Plugin[]`; the worker registers them by class name and aliases.
 */
export type Plugin =
  | SourceConnectorPlugin
  | SinkConnectorPlugin
  | ConverterPlugin
  | HeaderConverterPlugin
  | TransformationPlugin
  | PredicatePlugin;

export type PluginType = Plugin['type'];
