import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** user → password. */
export type BasicAuthUsers = ReadonlyMap<string, string>;

/**
 * Parses `rest.basic.auth.user.info`: `user:password[,user2:password2]` (the password may hold
 * ':'; a ',' cannot appear in it). Kafka does this with a JAAS file and
 * BasicAuthSecurityRestExtension; one worker key is simpler to run.
 */
export function parseBasicAuthUsers(value: string): BasicAuthUsers {
  const users = new Map<string, string>();
  for (const entry of value.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const i = entry.indexOf(':');
    if (i <= 0) throw new Error('Invalid value [hidden] for configuration rest.basic.auth.user.info: expected user:password[,user:password]');
    users.set(entry.slice(0, i), entry.slice(i + 1));
  }
  if (users.size === 0) throw new Error('Invalid value [hidden] for configuration rest.basic.auth.user.info: no user:password given');
  return users;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A fastify onRequest hook answering 401 (with WWW-Authenticate) unless the credentials match. */
export function basicAuthHook(users: BasicAuthUsers) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = req.headers.authorization ?? '';
    const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
    if (m) {
      const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      const expected = i > 0 ? users.get(decoded.slice(0, i)) : undefined;
      if (expected !== undefined && safeEqual(expected, decoded.slice(i + 1))) return;
    }
    await reply.status(401).header('www-authenticate', 'Basic realm="tsconnect"')
      .send({ error_code: 401, message: m ? 'Invalid credentials' : 'Credentials are required to access this resource.' });
  };
}
