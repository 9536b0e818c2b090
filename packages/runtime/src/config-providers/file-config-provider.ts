import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ConfigProvider } from '@tsconnect/sdk';
import { parseProperties } from '../config/properties-parser.js';

/** Kafka's `allowed.paths`: when set, only files under these directories may be read. */
function allowedPaths(props: Readonly<Record<string, unknown>>): string[] | null {
  const raw = props['allowed.paths'];
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  return raw.split(',').map((p) => resolve(p.trim()));
}

function checkAllowed(allowed: string[] | null, path: string): string {
  const full = resolve(path);
  if (allowed && !allowed.some((a) => full === a || full.startsWith(a + '/'))) {
    throw new Error(`Invalid path ${path}: it is not under allowed.paths`);
  }
  return full;
}

/** `${file:/path/to/file.properties:key}` (Kafka's FileConfigProvider): a key of a properties file. */
export class FileConfigProvider implements ConfigProvider {
  private allowed: string[] | null = null;

  configure(props: Readonly<Record<string, unknown>>): void {
    this.allowed = allowedPaths(props);
  }

  get(path: string, keys?: readonly string[]): Record<string, string> {
    if (path === '') return {};
    const props = parseProperties(readFileSync(checkAllowed(this.allowed, path), 'utf8'));
    if (!keys) return props;
    const out: Record<string, string> = {};
    for (const k of keys) if (props[k] !== undefined) out[k] = props[k];
    return out;
  }
}

/** `${dir:/path/to/dir:file}` (Kafka's DirectoryConfigProvider): a file's contents, e.g. a mounted secret. */
export class DirectoryConfigProvider implements ConfigProvider {
  private allowed: string[] | null = null;

  configure(props: Readonly<Record<string, unknown>>): void {
    this.allowed = allowedPaths(props);
  }

  get(path: string, keys?: readonly string[]): Record<string, string> {
    if (path === '') return {};
    const dir = checkAllowed(this.allowed, path);
    const out: Record<string, string> = {};
    for (const k of keys ?? readdirSync(dir)) {
      const file = join(dir, k);
      try {
        if (statSync(file).isFile()) out[k] = readFileSync(file, 'utf8');
      } catch {
        // missing file: the variable stays unresolved, as in Kafka
      }
    }
    return out;
  }
}
