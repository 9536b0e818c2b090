// The benchmark records, built identically by java/ConvBench.java (same fields, same values for row i).
import { ConnectDate, ConnectTimestamp, Decimal, DecimalValue, SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';

export const SIZES = ['small', 'medium', 'large'];

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

export const SCHEMAS = { small: smallSchema(), medium: mediumSchema(), large: largeSchema() };

/** Row i of a size; int64 as bigint (what our converters read back). */
export function record(size, i) {
  const schema = SCHEMAS[size];
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
  if (v instanceof Struct) return `{${(v.schema.fields ?? []).map((f) => `${f.name}:${canonical(v.getWithoutDefault(f.name))}`).join(',')}}`;
  if (v instanceof Date) return `D${v.getTime()}`;
  if (v instanceof DecimalValue) return `N${v.toString()}`;
  if (typeof v === 'bigint') return `${v}`;
  if (typeof v === 'number') return Number.isInteger(v) ? `${v}` : `${v}f`;
  if (v instanceof Uint8Array) return `B${Buffer.from(v).toString('hex')}`;
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v instanceof Map) return `M{${[...v].map(([k, x]) => `${canonical(k)}=${canonical(x)}`).join(',')}}`;
  return JSON.stringify(v);
}
