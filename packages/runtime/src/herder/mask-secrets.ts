/** Keys whose values never leave the worker (GET /config/worker): passwords, secrets, JAAS configs. */
const SECRET_KEY = /(password|secret|jaas\.config|credentials|api\.key|token)/i;

export function maskSecrets(props: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(props).sort()) out[k] = SECRET_KEY.test(k) ? '[hidden]' : props[k]!;
  return out;
}
