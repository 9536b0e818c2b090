import type { TableFilter } from '../filters/table-filter.js';
import type { RelationMessage } from '@tsconnect/pgoutput';
import { metadataForRelation } from './relation-metadata.js';
import type { TableMetadataReader } from './table-metadata-reader.js';
import { TableSchema, type TableSchemaOptions } from './table-schema.js';

/**
 * The current TableSchema of every captured table (Debezium's PostgresSchema). Refreshed from the
 * catalog when pgoutput announces a relation, i.e. at stream start and after each schema change.
 */
export class TableSchemaRegistry {
  private readonly schemas = new Map<string, TableSchema>();
  /** Bumped whenever a table's schema is replaced or dropped: lets callers cache lookups. */
  private changes = 0;

  constructor(
    private readonly reader: TableMetadataReader,
    private readonly filter: TableFilter,
    private readonly options: TableSchemaOptions,
  ) {}

  get version(): number {
    return this.changes;
  }

  isCaptured(schema: string, table: string): boolean {
    return this.filter.isTableIncluded(schema, table);
  }

  get(schema: string, table: string): TableSchema | undefined {
    return this.schemas.get(`${schema}.${table}`);
  }

  /** Re-reads a captured table's metadata; undefined when it is not captured or no longer exists. */
  async refresh(schema: string, table: string): Promise<TableSchema | undefined> {
    if (!this.isCaptured(schema, table)) return undefined;
    const metadata = await this.reader.read(schema, table);
    this.changes++;
    if (!metadata) {
      this.schemas.delete(`${schema}.${table}`);
      return undefined;
    }
    const built = new TableSchema(metadata, this.options);
    this.schemas.set(built.id, built);
    return built;
  }

  /** Rebuilds a captured table's schemas from a pgoutput Relation message (sent after each schema change). */
  async applyRelation(relation: RelationMessage): Promise<TableSchema | undefined> {
    if (!this.isCaptured(relation.schema, relation.name)) return undefined;
    const catalog = await this.reader.read(relation.schema, relation.name);
    const metadata = await metadataForRelation(relation, catalog, (oid) => this.reader.readType(oid));
    const built = new TableSchema(metadata, this.options);
    this.changes++;
    this.schemas.set(built.id, built);
    return built;
  }

  /** get(), reading the catalog on first use. */
  async getOrRefresh(schema: string, table: string): Promise<TableSchema | undefined> {
    return this.get(schema, table) ?? (await this.refresh(schema, table));
  }

  /** Captured tables that exist now, in name order. */
  async capturedTables(): Promise<{ schema: string; name: string }[]> {
    return (await this.reader.listTables()).filter((t) => this.isCaptured(t.schema, t.name));
  }
}
