/** What Kafka prints for a PASSWORD-type value (ConfigDef / Password.HIDDEN). */
export const HIDDEN = '[hidden]';

/**
 * Record-key settings whose names contain "key" but hold no secret; masking them would hide
 * the very things one reads `describe` for.
 */
const NOT_SECRET = /(^|\.)(key\.converter(\..*)?|key\.ignore|primary\.key\.(mode|fields)|pk\.(mode|fields)|message\.key\.columns|key\.fields?)$/;

/**
 * The CLI cannot see a plugin's ConfigDef, so it treats a key as a PASSWORD when its name says
 * so: it contains "password", "secret" or "key" (e.g. `ssl.key.password`, `aws.secret.access.key`,
 * `api.key`), apart from the record-key settings above.
 */
export function isSecretKey(name: string): boolean {
  const n = name.toLowerCase();
  if (n.includes('password') || n.includes('secret')) return true;
  return n.includes('key') && !NOT_SECRET.test(n);
}

export function maskConfig(config: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) out[k] = isSecretKey(k) ? HIDDEN : v;
  return out;
}
