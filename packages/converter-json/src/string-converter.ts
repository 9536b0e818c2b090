import { ConfigDef, DataException, Schemas, type Converter, type HeaderConverter, type Schema, type SchemaAndValue } from '@tsconnect/sdk';
import { converterConfigDef } from './json-converter-config.js';

export const StringConverterConfig = { ENCODING_CONFIG: 'converter.encoding', ENCODING_DEFAULT: 'UTF-8' } as const;

const STRING_CONFIG_DEF = converterConfigDef().define({
  name: StringConverterConfig.ENCODING_CONFIG, type: 'STRING', defaultValue: StringConverterConfig.ENCODING_DEFAULT,
  importance: 'HIGH', documentation: 'The name of the Java character set to use for encoding strings as byte arrays.',
  width: 'MEDIUM', displayName: 'Encoding',
});

/** Java charset names → Node encodings (the ones both sides support). */
const ENCODINGS: Record<string, BufferEncoding> = {
  'utf-8': 'utf8', utf8: 'utf8', 'utf-16le': 'utf16le', utf_16le: 'utf16le', unicodelittleunmarked: 'utf16le',
  'iso-8859-1': 'latin1', iso8859_1: 'latin1', latin1: 'latin1', 'us-ascii': 'ascii', ascii: 'ascii',
};

/**
 * Kafka's StringConverter: value.toString() in `converter.encoding` (default UTF-8); reads as an
 * optional string. Like Java's String(bytes, UTF_8), malformed UTF-8 decodes to U+FFFD.
 */
export class StringConverter implements Converter, HeaderConverter {
  private encoding: BufferEncoding = 'utf8';

  config(): ConfigDef {
    return STRING_CONFIG_DEF;
  }

  configure(configs: Readonly<Record<string, unknown>>, isKey?: boolean): void {
    const type = isKey === undefined ? (configs['converter.type'] ?? 'header') : isKey ? 'key' : 'value';
    const parsed = STRING_CONFIG_DEF.parse({ ...configs, 'converter.type': type });
    const name = parsed.string(StringConverterConfig.ENCODING_CONFIG);
    const encoding = ENCODINGS[name.toLowerCase()];
    if (encoding === undefined) {
      throw new DataException(
        `Unsupported ${StringConverterConfig.ENCODING_CONFIG} "${name}"; supported: UTF-8, UTF-16LE, ISO-8859-1, US-ASCII`,
      );
    }
    this.encoding = encoding;
  }

  fromConnectData(_topic: string, _schema: Schema | null, value: unknown): Uint8Array | null {
    if (value === null || value === undefined) return null;
    return Buffer.from(toJavaString(value), this.encoding);
  }

  toConnectData(_topic: string, value: Uint8Array | null): SchemaAndValue {
    if (value === null || value === undefined) return { schema: Schemas.OPTIONAL_STRING, value: null };
    return { schema: Schemas.OPTIONAL_STRING, value: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString(this.encoding) };
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    return this.fromConnectData(topic, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, value);
  }
}

/** Object.toString() of the values Connect passes: bigint without "n", Date/Struct via toString. */
function toJavaString(value: unknown): string {
  if (typeof value === 'string') return value;
  return String(value);
}
