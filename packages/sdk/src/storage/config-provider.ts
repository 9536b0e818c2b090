/** Resolves `${provider:path:key}` placeholders in configs (Kafka's ConfigProvider). */
export interface ConfigProvider {
  configure(props: Readonly<Record<string, unknown>>): void;
  /** Values for `keys` at `path` (all keys under it when `keys` is omitted). */
  get(path: string, keys?: readonly string[]): Promise<Record<string, string>> | Record<string, string>;
  close?(): void;
}
