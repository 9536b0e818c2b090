// The benchmark records, built identically by java/ConvBench.java (same fields, same values for row i).
import { ConnectDate, ConnectTimestamp, DebeziumTypes, Decimal, DecimalValue, SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';

export const SIZES = ['small', 'medium', 'large', 'cdc'];

const address = SchemaBuilder.struct().name('bench.Address')
  .field('street', Schemas.STRING).field('city', Schemas.STRING).field('zip', Schemas.INT32).build();

function smallSchema() {
  return SchemaBuilder.struct().name('bench.Small')
    .field('id', Schemas.INT64).field('name', Schemas.STRING).field('qty', Schemas.INT32)
    .field('price', Schemas.FLOAT64).field('active', Schemas.BOOLEAN).build();
}

function mediumSchema() {
  const b = SchemaBuilder.struct().name('bench.Medium').field('id', Schemas.INT64);
  for (let k = 0; k < 6; k++) b.field(`s${k}`, Schemas.STRING);
  for (let k = 0; k < 3; k++) b.field(`n${k}`, Schemas.INT32);
  b.field('d0', Schemas.FLOAT64).field('d1', Schemas.FLOAT64)
    .field('amount', Decimal.builder(2).build()).field('tax', Decimal.builder(4).optional().build())
    .field('created', ConnectTimestamp.builder().build()).field('updated', ConnectTimestamp.builder().optional().build())
    .field('day', ConnectDate.builder().build()).field('flag', Schemas.BOOLEAN)
    .field('address', address).field('note', Schemas.OPTIONAL_STRING);
  return b.build(); // 20 fields
}

function largeSchema() {
  const b = SchemaBuilder.struct().name('bench.Large');
  for (let k = 0; k < 100; k++) {
    const t = k % 4;
    b.field(`f${k}`, t === 0 ? Schemas.INT64 : t === 1 ? Schemas.STRING : t === 2 ? Schemas.FLOAT64 : Schemas.OPTIONAL_INT32);
  }
  return b.build();
}

/**
 * A Debezium Postgres change event (`<prefix>.<schema>.<table>.Envelope`, as connector-postgres
 * builds it): before/after rows of a 10-column table, the Source block (with its Enum default),
 * op and the ts_* fields. The hot path of a CDC worker.
 */
function cdcSchema() {
  const row = SchemaBuilder.struct().name('bench.public.customers.Value').optional()
    .field('id', Schemas.INT32).field('name', Schemas.STRING).field('email', Schemas.OPTIONAL_STRING)
    .field('score', Schemas.OPTIONAL_FLOAT64).field('balance', Decimal.builder(2).optional().build())
    .field('active', Schemas.OPTIONAL_BOOLEAN).field('visits', Schemas.OPTIONAL_INT64)
    .field('created_at', DebeziumTypes.MicroTimestamp.builder().optional().build())
    .field('status', DebeziumTypes.Enum.builder().parameter('allowed', 'new,active,closed').optional().build())
    .field('note', Schemas.OPTIONAL_STRING)
    .build();
  const source = SchemaBuilder.struct().name('io.debezium.connector.postgresql.Source').version(1)
    .field('version', Schemas.STRING).field('connector', Schemas.STRING).field('name', Schemas.STRING)
    .field('ts_ms', Schemas.INT64)
    .field('snapshot', DebeziumTypes.Enum.builder().parameter('allowed', 'true,first,first_in_data_collection,last_in_data_collection,last,false,incremental').defaultValue('false').optional().build())
    .field('db', Schemas.STRING).field('sequence', Schemas.OPTIONAL_STRING).field('ts_us', Schemas.OPTIONAL_INT64)
    .field('ts_ns', Schemas.OPTIONAL_INT64).field('schema', Schemas.STRING).field('table', Schemas.STRING)
    .field('txId', Schemas.OPTIONAL_INT64).field('lsn', Schemas.OPTIONAL_INT64).field('xmin', Schemas.OPTIONAL_INT64)
    .field('origin', Schemas.OPTIONAL_STRING).field('origin_lsn', Schemas.OPTIONAL_INT64)
    .build();
  const transaction = SchemaBuilder.struct().optional().name('event.block').version(1)
    .field('id', Schemas.STRING).field('total_order', Schemas.INT64).field('data_collection_order', Schemas.INT64).build();
  return SchemaBuilder.struct().name('bench.public.customers.Envelope').version(2)
    .field('before', row).field('after', row).field('source', source).field('transaction', transaction)
    .field('op', Schemas.STRING).field('ts_ms', Schemas.OPTIONAL_INT64).field('ts_us', Schemas.OPTIONAL_INT64)
    .field('ts_ns', Schemas.OPTIONAL_INT64)
    .build();
}

export const SCHEMAS = { small: smallSchema(), medium: mediumSchema(), large: largeSchema(), cdc: cdcSchema() };

function cdcRow(row, i, version) {
  return new Struct(row).put('id', i).put('name', `Customer ${i} ${version}`)
    .put('email', i % 5 === 0 ? null : `customer${i}@example.com`).put('score', i % 3 === 0 ? null : i * 0.75 + version)
    .put('balance', new DecimalValue(BigInt(i) * 1000n + 99n + BigInt(version), 2)).put('active', i % 2 === 0)
    .put('visits', BigInt(i * 7 + version)).put('created_at', BigInt(1700000000000000 + i * 1000003))
    .put('status', version === 0 ? 'new' : 'active').put('note', i % 4 === 0 ? `note ${i} – café ☕` : null);
}

/** Change event i: an insert (op c, no before), every third an update (op u, before and after). */
function cdcRecord(schema, i) {
  const row = schema.fields.find((f) => f.name === 'after').schema;
  const source = schema.fields.find((f) => f.name === 'source').schema;
  const ts = 1700000000000 + i;
  const lsn = 23000000 + i * 312;
  const update = i % 3 === 2;
  const s = new Struct(schema)
    .put('after', cdcRow(row, i, update ? 1 : 0))
    .put('source', new Struct(source).put('version', '3.0.0.Final').put('connector', 'postgresql').put('name', 'bench')
      .put('ts_ms', BigInt(ts)).put('db', 'shop').put('sequence', `["${lsn - 312}","${lsn}"]`)
      .put('ts_us', BigInt(ts) * 1000n).put('ts_ns', BigInt(ts) * 1000000n).put('schema', 'public').put('table', 'customers')
      .put('txId', BigInt(780 + i)).put('lsn', BigInt(lsn)))
    .put('op', update ? 'u' : 'c').put('ts_ms', BigInt(ts + 5)).put('ts_us', BigInt(ts + 5) * 1000n).put('ts_ns', BigInt(ts + 5) * 1000000n);
  if (update) s.put('before', cdcRow(row, i, 0));
  return s;
}


/** Row i of a size; int64 as bigint (what our converters read back). */
export function record(size, i) {
  const schema = SCHEMAS[size];
  if (size === 'cdc') return cdcRecord(schema, i);
  const s = new Struct(schema);
  if (size === 'small') {
    return s.put('id', BigInt(i)).put('name', `name-${i}`).put('qty', i % 1000).put('price', i * 1.25).put('active', i % 2 === 0);
  }
  if (size === 'medium') {
    s.put('id', BigInt(i));
    for (let k = 0; k < 6; k++) s.put(`s${k}`, `value ${k} of row ${i} ü`);
    for (let k = 0; k < 3; k++) s.put(`n${k}`, i * (k + 1) % 100000);
    s.put('d0', i + 0.5).put('d1', (i + 1) * -0.25)
      .put('amount', new DecimalValue(BigInt(i) * 100n + 37n, 2)).put('tax', i % 3 === 0 ? null : new DecimalValue(BigInt(i) * 7n, 4))
      .put('created', new Date(1700000000000 + i * 1000)).put('updated', i % 2 === 0 ? null : new Date(1700000500000 + i))
      .put('day', new Date((19000 + (i % 1000)) * 86400000)).put('flag', i % 5 === 0)
      .put('address', new Struct(address).put('street', `${i} Main St`).put('city', 'Springfield').put('zip', 10000 + (i % 90000)))
      .put('note', i % 4 === 0 ? `note ${i}` : null);
    return s;
  }
  for (let k = 0; k < 100; k++) {
    const t = k % 4;
    s.put(`f${k}`, t === 0 ? BigInt(i * 100 + k) : t === 1 ? `v${k}-${i}` : t === 2 ? k + i * 0.5 : k % 8 === 3 ? null : i + k);
  }
  return s;
}

/** Comparable text of a Connect value (Struct, Date, DecimalValue, bigint, bytes …), for decode(encode(x)) == x. */
export function canonical(v) {
  if (v === null || v === undefined) return 'null';
  // get(): unset fields as a reader sees them, with their default (the cdc Source block leaves "snapshot" to its default).
  if (v instanceof Struct) return `{${(v.schema.fields ?? []).map((f) => `${f.name}:${canonical(v.get(f.name))}`).join(',')}}`;
  if (v instanceof Date) return `D${v.getTime()}`;
  if (v instanceof DecimalValue) return `N${v.toString()}`;
  if (typeof v === 'bigint') return `${v}`;
  if (typeof v === 'number') return Number.isInteger(v) ? `${v}` : `${v}f`;
  if (v instanceof Uint8Array) return `B${Buffer.from(v).toString('hex')}`;
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v instanceof Map) return `M{${[...v].map(([k, x]) => `${canonical(k)}=${canonical(x)}`).join(',')}}`;
  return JSON.stringify(v);
}
