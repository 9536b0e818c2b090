import type { ConfigProvider } from '@tsconnect/sdk';
import { DirectoryConfigProvider, FileConfigProvider } from './file-config-provider.js';
import { EnvVarConfigProvider } from './env-var-config-provider.js';

/** `${provider:[path:]key}`, Kafka's ConfigTransformer.DEFAULT_PATTERN. */
const VARIABLE = /\$\{([^}]*?):(([^}]*?):)?([^}]*?)\}/g;

/** Built-in providers by Kafka class name (and simple name). */
const BUILT_IN: Readonly<Record<string, () => ConfigProvider>> = {
  'org.apache.kafka.common.config.provider.EnvVarConfigProvider': () => new EnvVarConfigProvider(),
  'org.apache.kafka.common.config.provider.FileConfigProvider': () => new FileConfigProvider(),
  'org.apache.kafka.common.config.provider.DirectoryConfigProvider': () => new DirectoryConfigProvider(),
  EnvVarConfigProvider: () => new EnvVarConfigProvider(),
  FileConfigProvider: () => new FileConfigProvider(),
  DirectoryConfigProvider: () => new DirectoryConfigProvider(),
};

export function hasVariables(value: string): boolean {
  VARIABLE.lastIndex = 0;
  return VARIABLE.test(value);
}

/**
 * The worker's config providers (`config.providers=env,file`, `config.providers.<name>.class`,
 * `config.providers.<name>.param.<key>`) and the substitution of `${name:path:key}` in configs
 * (Kafka's WorkerConfigTransformer). Variables whose provider or key is unknown stay as written.
 * Providers here are synchronous (env, file, directory) so tasks resolve at start without I/O waits.
 */
export class ConfigTransformer {
  constructor(private readonly providers: ReadonlyMap<string, ConfigProvider>) {}

  static fromWorkerProps(props: Readonly<Record<string, string>>): ConfigTransformer {
    const providers = new Map<string, ConfigProvider>();
    const names = (props['config.providers'] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    for (const name of names) {
      const key = `config.providers.${name}.class`;
      const cls = props[key];
      const make = cls ? BUILT_IN[cls.trim()] : undefined;
      if (!make) throw new Error(`Invalid value ${cls ?? null} for configuration ${key}: expected one of ${Object.keys(BUILT_IN).filter((k) => k.includes('.')).join(', ')}`);
      const prefix = `config.providers.${name}.param.`;
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(props)) if (k.startsWith(prefix)) params[k.slice(prefix.length)] = v;
      const provider = make();
      provider.configure(params);
      providers.set(name, provider);
    }
    return new ConfigTransformer(providers);
  }

  get isEmpty(): boolean {
    return this.providers.size === 0;
  }

  /** A copy of `config` with every resolvable variable replaced. */
  transform(config: Readonly<Record<string, string>>): Record<string, string> {
    if (this.providers.size === 0) return { ...config };
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(config)) {
      out[k] = v.replace(VARIABLE, (whole, provider: string, _p: string | undefined, path: string | undefined, key: string) => {
        const p = this.providers.get(provider);
        if (!p) return whole;
        const values = p.get(path ?? '', [key]);
        if (values instanceof Promise) throw new Error(`Config provider ${provider} is asynchronous; only synchronous providers are supported`);
        return values[key] ?? whole;
      });
    }
    return out;
  }

  /**
   * Puts the variables back into task configs a connector generated from a resolved config
   * (Kafka's AbstractHerder.reverseTransform): a key whose raw connector value holds a variable
   * gets that raw value, so secrets are not stored or shown in task configs.
   */
  static reverseTransform(raw: Readonly<Record<string, string>>, taskConfigs: readonly Record<string, string>[]): Record<string, string>[] {
    return taskConfigs.map((tc) => {
      const out = { ...tc };
      for (const [k, v] of Object.entries(raw)) if (k in out && hasVariables(v)) out[k] = v;
      return out;
    });
  }

  close(): void {
    for (const p of this.providers.values()) p.close?.();
  }
}
