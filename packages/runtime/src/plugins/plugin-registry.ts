import type {
  Converter, HeaderConverter, Plugin, PluginType, Predicate, SinkConnector, SourceConnector, Transformation,
} from '@tsconnect/sdk';

/** One row of `GET /connector-plugins`. */
export interface PluginInfo {
  readonly class: string;
  readonly type: PluginType;
  readonly version: string;
}

/** What `create()` returns for each plugin type. */
export interface PluginInstances {
  source: SourceConnector;
  sink: SinkConnector;
  converter: Converter;
  header_converter: HeaderConverter;
  transformation: Transformation;
  predicate: Predicate;
}

const CONNECTOR_TYPES: readonly PluginType[] = ['source', 'sink'];

/** Suffix Kafka prunes from the simple name to form the short alias (PluginUtils.prunedName). */
const PRUNED_SUFFIX: Record<PluginType, string> = {
  source: 'Connector',
  sink: 'Connector',
  converter: 'Converter',
  header_converter: 'HeaderConverter',
  transformation: 'Transformation',
  predicate: 'Predicate',
};

/** Thrown when a class name resolves to no plugin (or to more than one). */
export class PluginNotFoundError extends Error {
  constructor(
    readonly className: string,
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = 'PluginNotFoundError';
  }
}

/**
 * The plugins a worker knows. The app fills it (`register`) — the runtime never imports a concrete
 * connector or converter. Names resolve as in Kafka Connect: the full class name, declared
 * aliases, the simple name (after the last dot), and the simple name without its type suffix
 * (`FileStreamSinkConnector` → `FileStreamSink`). A short name two plugins share resolves to
 * neither (Kafka drops ambiguous aliases too); the full name still works.
 */
export class PluginRegistry {
  /** One class may serve several plugin types (JsonConverter is a converter and a header converter). */
  private readonly byClass = new Map<string, Plugin[]>();
  private readonly byAlias = new Map<string, Plugin[]>();

  /** Registers plugins; re-registering a class name for the same type is an error (two versions would be ambiguous). */
  register(...plugins: readonly Plugin[]): this {
    for (const plugin of plugins) {
      if (!plugin || typeof plugin.className !== 'string' || typeof plugin.create !== 'function') {
        throw new Error(`Not a tsconnect Plugin descriptor: ${describe(plugin)}`);
      }
      const sameClass = this.byClass.get(plugin.className) ?? [];
      if (sameClass.some((p) => p.type === plugin.type)) {
        throw new Error(`Plugin class ${plugin.className} is registered twice as ${plugin.type}`);
      }
      this.byClass.set(plugin.className, [...sameClass, plugin]);
      for (const alias of aliasesOf(plugin)) {
        const list = this.byAlias.get(alias) ?? [];
        if (!list.includes(plugin)) list.push(plugin);
        this.byAlias.set(alias, list);
      }
    }
    return this;
  }

  /** The plugin `name` resolves to, among `types` (all types when omitted), or undefined. */
  find<T extends PluginType>(name: string, types?: readonly T[]): Extract<Plugin, { type: T }> | undefined {
    const ok = (p: Plugin) => !types || (types as readonly PluginType[]).includes(p.type);
    const exact = (this.byClass.get(name) ?? []).filter(ok);
    if (exact.length === 1) return exact[0] as Extract<Plugin, { type: T }>;
    const candidates = (this.byAlias.get(name) ?? []).filter(ok);
    return candidates.length === 1 ? (candidates[0] as Extract<Plugin, { type: T }>) : undefined;
  }

  /** Like `find`, but throws an error naming what was asked for and what is available. */
  resolve<T extends PluginType>(name: string, types: readonly T[]): Extract<Plugin, { type: T }> {
    const found = this.find(name, types);
    if (found) return found;
    const kind = kindName(types);
    const ambiguous = (this.byAlias.get(name) ?? []).filter((p) => types.includes(p.type as T));
    if (ambiguous.length > 1) {
      throw new PluginNotFoundError(name, kind,
        `More than one ${kind} matches ${name}: ${ambiguous.map((p) => p.className).join(', ')}; use the full class name`);
    }
    const available = this.list(types).map((p) => p.class);
    throw new PluginNotFoundError(name, kind,
      `Failed to find any class that implements ${kind} and which name matches ${name}, available ${kind.toLowerCase()}s are: ` +
        (available.length > 0 ? available.join(', ') : '(none)'));
  }

  /** A new instance of the plugin `name` resolves to. */
  create<T extends PluginType>(name: string, types: readonly T[]): PluginInstances[T] {
    return this.resolve(name, types).create() as PluginInstances[T];
  }

  /** Connectors by default, like `GET /connector-plugins`; sorted by class name. */
  list(types: readonly PluginType[] = CONNECTOR_TYPES): PluginInfo[] {
    return this.all()
      .filter((p) => types.includes(p.type))
      .map((p) => ({ class: p.className, type: p.type, version: p.version }))
      .sort((a, b) => (a.class < b.class ? -1 : a.class > b.class ? 1 : 0));
  }

  all(): readonly Plugin[] {
    return [...this.byClass.values()].flat();
  }
}

function aliasesOf(plugin: Plugin): string[] {
  const simple = plugin.className.slice(plugin.className.lastIndexOf('.') + 1);
  const suffix = PRUNED_SUFFIX[plugin.type];
  const pruned = simple.endsWith(suffix) && simple.length > suffix.length ? simple.slice(0, -suffix.length) : simple;
  return [...new Set([...(plugin.aliases ?? []), simple, pruned])].filter((a) => a !== plugin.className);
}

function kindName(types: readonly PluginType[]): string {
  if (types.every((t) => t === 'source' || t === 'sink')) return 'Connector';
  if (types.length === 1) {
    return { converter: 'Converter', header_converter: 'HeaderConverter', transformation: 'Transformation',
      predicate: 'Predicate', source: 'Connector', sink: 'Connector' }[types[0]!];
  }
  return 'Plugin';
}

function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  return `object with keys [${Object.keys(value).join(', ')}]`;
}
