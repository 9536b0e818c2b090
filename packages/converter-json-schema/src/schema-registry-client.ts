/**
 * A small client for the part of Confluent's schema registry REST API the converter needs, with
 * `schemaType` support (JSON). ids and schemas never change once assigned, so lookups are cached
 * for the client's lifetime, as Java's CachedSchemaRegistryClient does.
 * TODO: the Avro converter has its own (AVRO-only) client; both belong in a shared
 * `@tsconnect/schema-registry-client` package.
 */

/** An HTTP error answer; `errorCode` is the registry's `error_code` (40403 = schema not found). */
export class RestClientException extends Error {
  constructor(message: string, readonly status: number, readonly errorCode: number) {
    super(message);
    this.name = 'RestClientException';
  }
}

export interface RegisteredSchema {
  readonly subject: string;
  readonly version: number;
  readonly id: number;
  readonly schema: string;
  readonly schemaType?: string;
}

export interface SchemaRegistryClientOptions {
  /** Base URLs (Confluent API, e.g. Apicurio's `/apis/ccompat/v7`); the next is tried when one is unreachable. */
  readonly urls: readonly string[];
  /** "user:password" for HTTP basic auth; otherwise user:pass@ in the URL is used. */
  readonly userInfo?: string;
  readonly requestTimeoutMs?: number;
  /** Sent with every registration and lookup; Confluent's default (AVRO) is omitted from requests. */
  readonly schemaType: 'JSON' | 'AVRO' | 'PROTOBUF';
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

export class SchemaRegistryClient {
  private readonly ids = new Map<string, number>();
  private readonly versions = new Map<string, number>();
  private readonly schemasById = new Map<number, string>();
  private readonly latest = new Map<string, RegisteredSchema>();
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly options: SchemaRegistryClientOptions) {
    if (options.urls.length === 0) throw new Error('schema.registry.url must name at least one URL');
  }

  /** POST /subjects/{subject}/versions: the id of `schema`, registering it if new. */
  register(subject: string, schema: string): Promise<number> {
    const key = `${subject}\u0000${schema}`;
    const cached = this.ids.get(key);
    if (cached !== undefined) return Promise.resolve(cached);
    return this.once(`register\u0000${key}`, async () => {
      const body = await this.request<{ id: number }>('POST', `/subjects/${enc(subject)}/versions`, this.schemaBody(schema));
      this.ids.set(key, body.id);
      this.schemasById.set(body.id, schema);
      return body.id;
    });
  }

  /** POST /subjects/{subject}: the registered version of `schema` (never registers). */
  lookUp(subject: string, schema: string): Promise<RegisteredSchema> {
    const key = `${subject}\u0000${schema}`;
    return this.once(`lookup\u0000${key}`, async () => {
      const body = await this.request<RegisteredSchema>('POST', `/subjects/${enc(subject)}`, this.schemaBody(schema));
      this.ids.set(key, body.id);
      this.versions.set(key, body.version);
      this.schemasById.set(body.id, schema);
      return body;
    });
  }

  /** The id of `schema` under `subject` without registering (auto.register.schemas=false). */
  async getId(subject: string, schema: string): Promise<number> {
    return this.ids.get(`${subject}\u0000${schema}`) ?? (await this.lookUp(subject, schema)).id;
  }

  /** The subject version of `schema`; becomes the Connect schema version when reading. */
  async getVersion(subject: string, schema: string): Promise<number> {
    return this.versions.get(`${subject}\u0000${schema}`) ?? (await this.lookUp(subject, schema)).version;
  }

  /** GET /schemas/ids/{id}: the schema text; throws if the registry says it is another schemaType. */
  getSchemaById(id: number): Promise<string> {
    const cached = this.schemasById.get(id);
    if (cached !== undefined) return Promise.resolve(cached);
    return this.once(`id\u0000${id}`, async () => {
      const body = await this.request<{ schema: string; schemaType?: string }>('GET', `/schemas/ids/${id}`);
      const type = body.schemaType ?? 'AVRO';
      if (type !== this.options.schemaType) {
        throw new RestClientException(`schema ${id} is of type ${type}, not ${this.options.schemaType}`, 200, 0);
      }
      this.schemasById.set(id, body.schema);
      return body.schema;
    });
  }

  /** GET /subjects/{subject}/versions/latest (use.latest.version); cached without TTL like Java's default. */
  getLatest(subject: string): Promise<RegisteredSchema> {
    const cached = this.latest.get(subject);
    if (cached) return Promise.resolve(cached);
    return this.once(`latest\u0000${subject}`, async () => {
      const body = await this.request<RegisteredSchema>('GET', `/subjects/${enc(subject)}/versions/latest`);
      this.latest.set(subject, body);
      this.schemasById.set(body.id, body.schema);
      return body;
    });
  }

  private schemaBody(schema: string): Record<string, string> {
    return this.options.schemaType === 'AVRO' ? { schema } : { schemaType: this.options.schemaType, schema };
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
        continue;
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

const enc = encodeURIComponent;

function errorText(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (e as Error).message;
}
