import type { ConfigProvider } from '@tsconnect/sdk';

/**
 * `${env:NAME}` (Kafka's EnvVarConfigProvider). `allowlist.pattern` (regex, default all)
 * limits which variables may be read; the path must be empty.
 */
export class EnvVarConfigProvider implements ConfigProvider {
  private allow: RegExp = /.*/;

  constructor(private readonly env: Readonly<Record<string, string | undefined>> = process.env) {}

  configure(props: Readonly<Record<string, unknown>>): void {
    const pattern = props['allowlist.pattern'];
    if (typeof pattern === 'string' && pattern !== '') this.allow = new RegExp(`^(?:${pattern})$`);
  }

  get(path: string, keys?: readonly string[]): Record<string, string> {
    if (path !== '') throw new Error(`Invalid path ${path} for EnvVarConfigProvider: environment variables have no path`);
    const out: Record<string, string> = {};
    for (const k of keys ?? Object.keys(this.env)) {
      const v = this.env[k];
      if (v !== undefined && this.allow.test(k)) out[k] = v;
    }
    return out;
  }
}
