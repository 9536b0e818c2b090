import type { ConfigDef } from '@tsconnect/sdk';

/** Key names that look like secrets even when no ConfigDef declares them PASSWORD. */
const SECRET_KEY = /(password|secret|jaas\.config|credentials|api\.key|token|basic\.auth\.user\.info)/i;

/**
 * A config safe to log (Kafka prints PASSWORD values as [hidden]): PASSWORD keys of `def`
 * and secret-looking key names are hidden, unless the value is a `${provider:…}` reference.
 */
export function maskConfig(config: Readonly<Record<string, string>>, def?: ConfigDef): Record<string, string> {
  const passwords = new Set((def?.configKeys() ?? []).filter((k) => k.type === 'PASSWORD').map((k) => k.name));
  const out: Record<string, string> = {};
  for (const k of Object.keys(config).sort()) {
    const v = config[k]!;
    const secret = passwords.has(k) || SECRET_KEY.test(k);
    out[k] = secret && !/^\$\{[^}]*\}$/.test(v) ? '[hidden]' : v;
  }
  return out;
}
