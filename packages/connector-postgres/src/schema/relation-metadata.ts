import type { RelationMessage } from '@tsconnect/pgoutput';
import type { PgColumnType } from '../values/type-mapping.js';
import type { ColumnMetadata, TableMetadata } from './table-metadata.js';

/** Looks a type up by OID (domains resolved): what the catalog says about a column's new type. */
export type TypeLookup = (typeOid: number) => Promise<Omit<PgColumnType, 'typmod'> | null>;

/**
 * The table as the Relation message describes it at that point of the WAL: pgoutput resends it
 * after every ALTER TABLE, before the first change that uses the new shape, while the catalog may
 * already be further ahead (later ALTERs). Columns, their order, types and typmods come from the
 * message; NOT NULL, defaults and comments from the catalog column of the same name and type.
 */
export async function metadataForRelation(
  relation: RelationMessage, catalog: TableMetadata | null, lookup: TypeLookup,
): Promise<TableMetadata> {
  const byName = new Map((catalog?.columns ?? []).map((c) => [c.name, c]));
  const columns: ColumnMetadata[] = [];
  let position = 0;
  for (const rc of relation.columns) {
    position++;
    const known = byName.get(rc.name);
    if (known && known.typeOid === rc.typeOid) {
      columns.push({ ...known, typmod: rc.typeMod, position });
      continue;
    }
    const type = known?.typeOid === rc.typeOid ? known : await lookup(rc.typeOid);
    columns.push({
      name: rc.name, position, notNull: known?.notNull ?? false, defaultExpression: null, comment: known?.comment ?? null,
      typeOid: rc.typeOid, typmod: rc.typeMod, typeName: type?.typeName ?? 'unknown',
      ...(type?.enumValues && { enumValues: type.enumValues }),
      ...(type?.elementOid !== undefined && { elementOid: type.elementOid, elementTypeName: type.elementTypeName ?? '' }),
    });
  }
  const names = new Set(columns.map((c) => c.name));
  const catalogKey = (catalog?.primaryKey ?? []).filter((k) => names.has(k));
  return {
    schema: relation.schema,
    name: relation.name,
    oid: catalog?.oid ?? relation.relationId,
    columns,
    primaryKey: catalogKey.length ? catalogKey : relation.replicaIdentity === 'default' ? relation.keyColumns : [],
    replicaIdentity: catalog?.replicaIdentity ?? relation.replicaIdentity[0]!,
  };
}
