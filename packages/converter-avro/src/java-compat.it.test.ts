/**
 * Bytes written by our AvroConverter (registered in the real registry) are read by the Java Avro
 * library 1.12.2 with the registered schema; Java's Schema.toString() must give back the exact text
 * we registered (so Java clients register the identical schema).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConnectDate, ConnectTimestamp, Decimal, DecimalValue, SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { testEnv, uniqueName } from '@tsconnect/test-support';
import { AvroConverter } from './avro-converter.js';

const COMPAT = fileURLToPath(new URL('../compat/', import.meta.url));
const CACHE = `${COMPAT}.cache/`;

function runJava(lines: string[]): string[][] {
  mkdirSync(CACHE, { recursive: true });
  if (!existsSync(`${CACHE}lib/avro-1.12.2.jar`)) {
    execFileSync('mvn', ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${CACHE}lib`], { cwd: COMPAT, stdio: 'inherit' });
  }
  execFileSync('javac', ['-d', `${CACHE}classes`, '-cp', `${CACHE}lib/*`, `${COMPAT}AvroCompat.java`]);
  writeFileSync(`${CACHE}cases.tsv`, lines.join('\n'));
  const out = execFileSync('java', ['-cp', `${CACHE}lib/*:${CACHE}classes`, 'AvroCompat', `${CACHE}cases.tsv`], { encoding: 'utf8' });
  return out.trim().split('\n').map((l) => l.split('\t'));
}

describe('Java Avro reads our bytes', () => {
  it('same values, same schema text', async () => {
    const url = testEnv('SCHEMA_REGISTRY_URL');
    const conv = new AvroConverter();
    conv.configure({ 'schema.registry.url': url }, false);
    const inner = SchemaBuilder.struct().name('com.example.Item').field('sku', Schemas.STRING).field('qty', Schemas.INT16).build();
    const row = SchemaBuilder.struct().name('com.example.Row')
      .field('i8', Schemas.INT8).field('i32', Schemas.INT32).field('big', Schemas.INT64)
      .field('f', Schemas.FLOAT32).field('d', Schemas.FLOAT64).field('ok', Schemas.BOOLEAN).field('s', Schemas.OPTIONAL_STRING)
      .field('raw', Schemas.BYTES).field('price', Decimal.builder(2).build())
      .field('day', ConnectDate.builder().build()).field('at', ConnectTimestamp.builder().optional().build())
      .field('items', SchemaBuilder.array(inner).build())
      .field('attrs', SchemaBuilder.map(Schemas.STRING, Schemas.OPTIONAL_INT64).build())
      .field('byId', SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build())
      .field('other', SchemaBuilder.struct().name('com.example.Item').optional().field('sku', Schemas.STRING).field('qty', Schemas.INT16).build())
      .build();
    const value = new Struct(row).put('i8', -5).put('i32', 123456).put('big', -9223372036854775807n).put('f', 0.5).put('d', 1e-300)
      .put('ok', true).put('s', 'ünïcode').put('raw', new Uint8Array([0, 1, 254])).put('price', new DecimalValue(-12345n, 2))
      .put('day', new Date(Date.UTC(2000, 0, 2))).put('at', new Date(1700000000123))
      .put('items', [new Struct(inner).put('sku', 'a').put('qty', 2)])
      .put('attrs', new Map([['x', 9007199254740993n], ['y', null]]))
      .put('byId', new Map([[7, 'seven']]))
      .put('other', null);
    const topic = uniqueName('compat');
    const bytes = (await conv.fromConnectData(topic, row, value))!;
    const text = conv.writerSchema(row).text;
    const scalar = (await conv.fromConnectData(topic + '_l', Schemas.INT64, 9223372036854775807n))!;

    const [c1, c2] = runJava([
      `row\t${text}\t${Buffer.from(bytes).toString('base64')}`,
      `long\t"long"\t${Buffer.from(scalar).toString('base64')}`,
    ]);
    expect(c1![1]).toBe('true');
    expect(c1![2]).toBe(
      '{"i8": -5, "i32": 123456, "big": -9223372036854775807, "f": 0.5, "d": 1.0E-300, "ok": true, "s": "ünïcode", ' +
        '"raw": "\\u0000\\u0001þ", "price": "\u00cf\u00c7", "day": 10958, "at": 1700000000123, "items": [{"sku": "a", "qty": 2}], ' +
        '"attrs": {"x": 9007199254740993, "y": null}, "byId": [{"key": 7, "value": "seven"}], "other": null}',
    );
    expect(c2).toEqual(['long', 'true', '9223372036854775807']);
  }, 300_000);
});
