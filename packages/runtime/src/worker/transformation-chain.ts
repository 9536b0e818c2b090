import type { ConnectRecord, Predicate, Transformation } from '@tsconnect/sdk';
import type { PluginRegistry } from '../plugins/plugin-registry.js';

interface Stage {
  readonly alias: string;
  /** Plugin class name, for error reports (`__connect.errors.class.name`). */
  readonly className: string;
  readonly transformation: Transformation;
  readonly predicate: Predicate | null;
  readonly negate: boolean;
}

/**
 * The `transforms` chain of a connector (Kafka's TransformationChain): each alias's
 * `transforms.<alias>.type` plugin configured with its `transforms.<alias>.*` keys, optionally
 * guarded by `transforms.<alias>.predicate` (+ `negate`). A null result drops the record.
 */
export class TransformationChain<R extends ConnectRecord> {
  private constructor(private readonly stages: readonly Stage[], private readonly predicates: readonly Predicate[]) {}

  static fromConfig<R extends ConnectRecord>(registry: PluginRegistry, config: Readonly<Record<string, string>>): TransformationChain<R> {
    const predicates = new Map<string, Predicate>();
    for (const alias of aliases(config['predicates'])) {
      const p = registry.create(config[`predicates.${alias}.type`] ?? '', ['predicate']);
      p.configure(withPrefix(config, `predicates.${alias}.`));
      predicates.set(alias, p);
    }
    const stages: Stage[] = [];
    for (const alias of aliases(config['transforms'])) {
      const prefix = `transforms.${alias}.`;
      const plugin = registry.resolve(config[`${prefix}type`] ?? '', ['transformation']);
      const t = plugin.create();
      const { predicate: predicateAlias, negate, ...rest } = withPrefix(config, prefix);
      t.configure(rest);
      let predicate: Predicate | null = null;
      if (predicateAlias) {
        predicate = predicates.get(predicateAlias) ?? null;
        if (!predicate) throw new Error(`Invalid value ${predicateAlias} for configuration ${prefix}predicate: no predicate with that alias in "predicates"`);
      }
      stages.push({ alias, className: plugin.className, transformation: t, predicate, negate: negate === 'true' });
    }
    return new TransformationChain<R>(stages, [...predicates.values()]);
  }

  get isEmpty(): boolean {
    return this.stages.length === 0;
  }

  apply(record: R): R | null {
    let current: R | null = record;
    for (const s of this.stages) {
      if (current === null) return null;
      if (s.predicate && s.predicate.test(current) === s.negate) continue;
      current = s.transformation.apply(current) as R | null;
    }
    return current;
  }

  /**
   * Like `apply`, but each transformation runs through `exec` (the error handler: retries,
   * tolerance, reporting); `exec` returning null stops the chain and the result is `failed`.
   */
  async applyWith(record: R, exec: (className: string, op: () => R | null) => Promise<R | null | undefined>,
    failed: () => boolean): Promise<R | null> {
    let current: R | null = record;
    for (const s of this.stages) {
      if (current === null) return null;
      if (s.predicate && s.predicate.test(current) === s.negate) continue;
      const input: R = current;
      const out = await exec(s.className, () => s.transformation.apply(input) as R | null);
      if (failed()) return null;
      current = out ?? null;
    }
    return current;
  }

  close(): void {
    for (const s of this.stages) s.transformation.close?.();
    for (const p of this.predicates) p.close?.();
  }
}

function aliases(list: string | undefined): string[] {
  return (list ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function withPrefix(props: Readonly<Record<string, string>>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}
