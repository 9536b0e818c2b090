import { RestClientException } from './rest-client-exception.js';

/** The registry's `schemaType`; Confluent's default (AVRO) is what an answer without one means. */
export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF';

export interface RegisteredSchema {
  readonly subject: string;
  readonly version: number;
  readonly id: number;
  readonly schema: string;
  readonly schemaType?: string;
}

export interface SchemaRegistryClientOptions {
  /** One or more base URLs (Confluent API, e.g. Apicurio's `/apis/ccompat/v7`); the next is tried when one is unreachable. */
  readonly urls: readonly string[];
  /** "user:password" for HTTP basic auth; otherwise user:pass@ in the URL is used. */
  readonly userInfo?: string;
  readonly requestTimeoutMs?: number;
  /** The type of every schema this client registers and reads (default AVRO, which requests omit, as Confluent's do). */
  readonly schemaType?: SchemaType;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/**
 * The part of Confluent's schema registry REST API the converters need, with the same caching as
 * Java's CachedSchemaRegistryClient: ids and schemas never change once assigned, so both directions
 * are cached for the client's lifetime. Uses the global `fetch`.
 */
export class SchemaRegistryClient {
  private readonly schemaType: SchemaType;
  private readonly idsBySubject = new Map<string, Map<string, number>>();
  private readonly versionsBySubject = new Map<string, Map<string, number>>();
  private readonly schemasById = new Map<number, string>();
  private readonly latestBySubject = new Map<string, RegisteredSchema>();
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly options: SchemaRegistryClientOptions) {
    if (options.urls.length === 0) throw new Error('schema.registry.url must name at least one URL');
    this.schemaType = options.schemaType ?? 'AVRO';
  }

  /** POST /subjects/{subject}/versions: the id of `schema` under `subject`, registering it if new. */
  register(subject: string, schema: string): Promise<number> {
    const cached = this.idsBySubject.get(subject)?.get(schema);
    if (cached !== undefined) return Promise.resolve(cached);
    return this.once(`register\u0000${subject}\u0000${schema}`, async () => {
      const body = await this.request<{ id: number }>('POST', `/subjects/${enc(subject)}/versions`, this.schemaBody(schema));
      this.remember(subject, schema, body.id);
      return body.id;
    });
  }

  /** POST /subjects/{subject}: the already registered version of `schema` (never registers). */
  lookUp(subject: string, schema: string): Promise<RegisteredSchema> {
    return this.once(`lookup\u0000${subject}\u0000${schema}`, async () => {
      const body = await this.request<RegisteredSchema>('POST', `/subjects/${enc(subject)}`, this.schemaBody(schema));
      this.remember(subject, schema, body.id);
      cacheIn(this.versionsBySubject, subject, schema, body.version);
      return body;
    });
  }

  /** The id of `schema` under `subject` without registering (auto.register.schemas=false). */
  async getId(subject: string, schema: string): Promise<number> {
    return this.idsBySubject.get(subject)?.get(schema) ?? (await this.lookUp(subject, schema)).id;
  }

  /** The subject version of `schema`; the deserializer uses it as the Connect schema version. */
  async getVersion(subject: string, schema: string): Promise<number> {
    return this.versionsBySubject.get(subject)?.get(schema) ?? (await this.lookUp(subject, schema)).version;
  }

  /** GET /schemas/ids/{id}: the schema text; throws if the registry says it is of another schemaType. */
  getSchemaById(id: number): Promise<string> {
    const cached = this.schemasById.get(id);
    if (cached !== undefined) return Promise.resolve(cached);
    return this.once(`id\u0000${id}`, async () => {
      const body = await this.request<{ schema: string; schemaType?: string }>('GET', `/schemas/ids/${id}`);
      const type = body.schemaType ?? 'AVRO';
      if (type !== this.schemaType) {
        throw new RestClientException(`schema ${id} is of type ${type}, not ${this.schemaType}`, 200, 0);
      }
      this.schemasById.set(id, body.schema);
      return body.schema;
    });
  }

  /** GET /subjects/{subject}/versions/latest (use.latest.version); cached without TTL like Java's default. */
  getLatest(subject: string): Promise<RegisteredSchema> {
    const cached = this.latestBySubject.get(subject);
    if (cached) return Promise.resolve(cached);
    return this.once(`latest\u0000${subject}`, async () => {
      const body = await this.request<RegisteredSchema>('GET', `/subjects/${enc(subject)}/versions/latest`);
      this.latestBySubject.set(subject, body);
      this.remember(subject, body.schema, body.id);
      return body;
    });
  }

  private schemaBody(schema: string): Record<string, string> {
    return this.schemaType === 'AVRO' ? { schema } : { schemaType: this.schemaType, schema };
  }

  private remember(subject: string, schema: string, id: number): void {
    cacheIn(this.idsBySubject, subject, schema, id);
    this.schemasById.set(id, schema);
  }

  // Concurrent callers asking the same thing share one request.
  private once<T>(key: string, run: () => Promise<T>): Promise<T> {
    const pending = this.inFlight.get(key) as Promise<T> | undefined;
    if (pending) return pending;
    const p = run().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: `${CONTENT_TYPE}, application/json` };
    if (body !== undefined) headers['Content-Type'] = CONTENT_TYPE;
    let lastError: unknown;
    for (const base of this.options.urls) {
      const url = new URL(base.replace(/\/+$/, '') + path);
      const userInfo = this.options.userInfo ??
        (url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined);
      url.username = '';
      url.password = '';
      if (userInfo) headers['Authorization'] = `Basic ${Buffer.from(userInfo).toString('base64')}`;
      let res: Response;
      try {
        res = await fetch(url, {
          method, headers, ...(body !== undefined && { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 30_000),
        });
      } catch (e) {
        lastError = new Error(`schema registry ${url.origin} is unreachable: ${errorText(e)}`, { cause: e });
        continue; // try the next URL
      }
      const text = await res.text();
      if (!res.ok) {
        let message = text;
        let errorCode = res.status;
        try {
          const parsed = JSON.parse(text) as { message?: string; error_code?: number };
          message = parsed.message ?? text;
          errorCode = parsed.error_code ?? res.status;
        } catch { /* not JSON: keep the text */ }
        throw new RestClientException(`${method} ${url.pathname} returned HTTP ${res.status}: ${message}; error code: ${errorCode}`, res.status, errorCode);
      }
      return JSON.parse(text) as T;
    }
    throw lastError;
  }
}

function cacheIn<V>(outer: Map<string, Map<string, V>>, subject: string, schema: string, value: V): void {
  let inner = outer.get(subject);
  if (!inner) outer.set(subject, (inner = new Map()));
  inner.set(schema, value);
}

const enc = encodeURIComponent;

function errorText(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (e as Error).message;
}
