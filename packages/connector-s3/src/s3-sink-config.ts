import { ConfigDef, ConfigException, Validators, type ParsedConfig } from '@tsconnect/sdk';

/** Class names accepted in `partitioner.class`, with the Java names Confluent configs use. */
export const PARTITIONER_CLASSES: Readonly<Record<string, PartitionerKind>> = {
  'io.confluent.connect.storage.partitioner.DefaultPartitioner': 'default',
  'io.confluent.connect.storage.partitioner.FieldPartitioner': 'field',
  'io.confluent.connect.storage.partitioner.TimeBasedPartitioner': 'time',
  DefaultPartitioner: 'default',
  FieldPartitioner: 'field',
  TimeBasedPartitioner: 'time',
};

/** Class names accepted in `format.class`. */
export const FORMAT_CLASSES: Readonly<Record<string, FormatKind>> = {
  'io.confluent.connect.s3.format.json.JsonFormat': 'json',
  'io.confluent.connect.s3.format.avro.AvroFormat': 'avro',
  'io.confluent.connect.s3.format.bytearray.ByteArrayFormat': 'bytearray',
  JsonFormat: 'json',
  AvroFormat: 'avro',
  ByteArrayFormat: 'bytearray',
};

export type PartitionerKind = 'default' | 'field' | 'time';
export type FormatKind = 'json' | 'avro' | 'bytearray';
export type TimestampExtractorKind = 'Record' | 'RecordField' | 'Wallclock';

const MIN_PART_SIZE = 5 * 1024 * 1024; // S3's minimum size of every part but the last

/** Key names and defaults follow Confluent's S3SinkConnectorConfig / StorageCommonConfig / PartitionerConfig. */
export const S3_SINK_CONFIG_DEF = new ConfigDef()
  .define({ name: 's3.bucket.name', type: 'STRING', importance: 'HIGH', validator: Validators.nonEmptyString(), documentation: 'The S3 Bucket.' })
  .define({ name: 's3.region', type: 'STRING', defaultValue: 'us-west-2', importance: 'MEDIUM', documentation: 'The AWS region to be used the connector.' })
  .define({ name: 'store.url', type: 'STRING', defaultValue: null, importance: 'HIGH', documentation: 'Store URL: an S3-compatible endpoint (MinIO, moto, Ceph…). Unset means AWS.' })
  .define({ name: 's3.path.style.access.enabled', type: 'BOOLEAN', defaultValue: true, importance: 'LOW', documentation: 'Path-style addressing, used when store.url is set.' })
  .define({ name: 'aws.access.key.id', type: 'STRING', defaultValue: '', importance: 'HIGH', documentation: 'AWS access key id; empty uses the default credential chain.' })
  .define({ name: 'aws.secret.access.key', type: 'PASSWORD', defaultValue: null, importance: 'HIGH', documentation: 'AWS secret access key.' })
  .define({ name: 'topics.dir', type: 'STRING', defaultValue: 'topics', importance: 'HIGH', documentation: 'Top level directory to store the data ingested from Kafka.' })
  .define({ name: 'directory.delim', type: 'STRING', defaultValue: '/', importance: 'MEDIUM', documentation: 'Directory delimiter pattern.' })
  .define({ name: 'file.delim', type: 'STRING', defaultValue: '+', importance: 'MEDIUM', documentation: 'File delimiter pattern.' })
  .define({ name: 'flush.size', type: 'INT', importance: 'HIGH', validator: Validators.atLeast(1), documentation: 'Number of records written to store before invoking file commits.' })
  .define({ name: 'rotate.interval.ms', type: 'LONG', defaultValue: -1, importance: 'HIGH', documentation: 'Rotate files whose records span this many ms of record time (TimeBasedPartitioner only).' })
  .define({ name: 'rotate.schedule.interval.ms', type: 'LONG', defaultValue: -1, importance: 'MEDIUM', documentation: 'Rotate files on a wall-clock schedule (needs timezone).' })
  .define({ name: 'rotate.file.on.partition.change', type: 'BOOLEAN', defaultValue: true, importance: 'LOW', documentation: 'With rotate.interval.ms, rotate when a record goes to another encoded partition.' })
  .define({ name: 'partitioner.class', type: 'CLASS', defaultValue: 'io.confluent.connect.storage.partitioner.DefaultPartitioner', importance: 'HIGH', validator: Validators.in(Object.keys(PARTITIONER_CLASSES)), documentation: 'The partitioner to use when writing data to the store.' })
  .define({ name: 'partition.field.name', type: 'LIST', defaultValue: '', importance: 'MEDIUM', documentation: 'Record value fields used by FieldPartitioner (dots for nested fields).' })
  .define({ name: 'partition.duration.ms', type: 'LONG', defaultValue: -1, importance: 'MEDIUM', documentation: 'Duration of a partition in ms (TimeBasedPartitioner).' })
  .define({ name: 'path.format', type: 'STRING', defaultValue: '', importance: 'MEDIUM', documentation: "Joda-Time pattern of the partition directories, e.g. 'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH." })
  .define({ name: 'locale', type: 'STRING', defaultValue: '', importance: 'MEDIUM', documentation: 'Locale used to format dates (TimeBasedPartitioner).' })
  .define({ name: 'timezone', type: 'STRING', defaultValue: '', importance: 'MEDIUM', documentation: 'IANA timezone used to format dates and schedule rotation.' })
  .define({ name: 'timestamp.extractor', type: 'STRING', defaultValue: 'Wallclock', importance: 'MEDIUM', validator: Validators.in(['Wallclock', 'Record', 'RecordField']), documentation: 'Where the partitioning timestamp comes from.' })
  .define({ name: 'timestamp.field', type: 'STRING', defaultValue: 'timestamp', importance: 'MEDIUM', documentation: 'Record value field holding the timestamp (RecordField extractor).' })
  .define({ name: 'format.class', type: 'CLASS', importance: 'HIGH', validator: Validators.in(Object.keys(FORMAT_CLASSES)), documentation: 'The format class to use when writing data to the store.' })
  .define({ name: 'format.bytearray.separator', type: 'STRING', defaultValue: null, importance: 'LOW', documentation: 'String inserted between records for ByteArrayFormat (Java escapes such as \\n allowed). Default: newline.' })
  .define({ name: 'format.bytearray.extension', type: 'STRING', defaultValue: '.bin', importance: 'LOW', documentation: 'Output file extension for ByteArrayFormat.' })
  .define({ name: 's3.compression.type', type: 'STRING', defaultValue: 'none', importance: 'LOW', validator: Validators.in(['none', 'gzip']), documentation: 'Compression for JsonFormat and ByteArrayFormat files: none, gzip.' })
  .define({ name: 's3.compression.level', type: 'INT', defaultValue: -1, importance: 'LOW', validator: Validators.between(-1, 9), documentation: 'Deflate level for gzip (-1 = default).' })
  .define({ name: 's3.part.size', type: 'INT', defaultValue: 25 * 1024 * 1024, importance: 'HIGH', validator: Validators.atLeast(MIN_PART_SIZE), documentation: 'The part size in S3 multipart uploads.' })
  .define({ name: 's3.part.retries', type: 'INT', defaultValue: 3, importance: 'MEDIUM', validator: Validators.atLeast(0), documentation: 'Maximum number of retries of a failed S3 request (throttling, 5xx, connection errors). Zero means no retries.' })
  .define({ name: 's3.retry.backoff.ms', type: 'LONG', defaultValue: 200, importance: 'LOW', validator: Validators.atLeast(0), documentation: 'How long to wait before the first retry of a failed S3 request; each further retry may wait up to twice as long (jittered, at most 20 s).' })
  .define({ name: 'avro.codec', type: 'STRING', defaultValue: 'null', importance: 'LOW', validator: Validators.in(['null', 'deflate']), documentation: 'Avro container compression codec: null, deflate.' })
  .define({ name: 'filename.offset.zero.pad.width', type: 'INT', defaultValue: 10, importance: 'LOW', validator: Validators.atLeast(0), documentation: 'Width to zero-pad offsets in file names.' })
  .define({ name: 'behavior.on.null.values', type: 'STRING', defaultValue: 'fail', importance: 'LOW', validator: Validators.in(['ignore', 'fail'], { caseInsensitive: true }), documentation: 'What to do with records whose value is null: ignore, fail.' })
  .define({ name: 'json.decimal.format', type: 'STRING', defaultValue: 'BASE64', importance: 'LOW', validator: Validators.in(['BASE64', 'NUMERIC'], { caseInsensitive: true }), documentation: 'How JsonFormat writes Decimal values.' });

export interface S3SinkConfig {
  readonly bucket: string;
  readonly region: string;
  readonly storeUrl: string | null;
  readonly pathStyle: boolean;
  readonly accessKeyId: string;
  readonly secretAccessKey: string | null;
  readonly topicsDir: string;
  readonly directoryDelim: string;
  readonly fileDelim: string;
  readonly flushSize: number;
  readonly rotateIntervalMs: number;
  readonly rotateScheduleIntervalMs: number;
  readonly rotateOnPartitionChange: boolean;
  readonly partitioner: PartitionerKind;
  readonly partitionFields: readonly string[];
  readonly partitionDurationMs: number;
  readonly pathFormat: string;
  readonly locale: string;
  readonly timezone: string;
  readonly timestampExtractor: TimestampExtractorKind;
  readonly timestampField: string;
  readonly format: FormatKind;
  readonly byteArraySeparator: Uint8Array;
  readonly byteArrayExtension: string;
  readonly compression: 'none' | 'gzip';
  readonly compressionLevel: number;
  readonly partSize: number;
  readonly partRetries: number;
  readonly retryBackoffMs: number;
  readonly avroCodec: 'null' | 'deflate';
  readonly zeroPadWidth: number;
  readonly nullValues: 'ignore' | 'fail';
  readonly decimalFormat: 'BASE64' | 'NUMERIC';
}

/** Parses and cross-checks the props; every error names the key and the value. */
export function parseS3SinkConfig(props: Readonly<Record<string, string>>): S3SinkConfig {
  const c: ParsedConfig = S3_SINK_CONFIG_DEF.parse(props);
  const partitioner = PARTITIONER_CLASSES[c.string('partitioner.class')]!;
  const config: S3SinkConfig = {
    bucket: c.string('s3.bucket.name'),
    region: c.string('s3.region'),
    storeUrl: c.optionalString('store.url') || null,
    pathStyle: c.boolean('s3.path.style.access.enabled'),
    accessKeyId: c.string('aws.access.key.id'),
    secretAccessKey: c.password('aws.secret.access.key'),
    topicsDir: c.string('topics.dir'),
    directoryDelim: c.string('directory.delim'),
    fileDelim: c.string('file.delim'),
    flushSize: c.int('flush.size'),
    rotateIntervalMs: c.long('rotate.interval.ms'),
    rotateScheduleIntervalMs: c.long('rotate.schedule.interval.ms'),
    rotateOnPartitionChange: c.boolean('rotate.file.on.partition.change'),
    partitioner,
    partitionFields: c.list('partition.field.name'),
    partitionDurationMs: c.long('partition.duration.ms'),
    pathFormat: c.string('path.format'),
    locale: c.string('locale'),
    timezone: c.string('timezone'),
    timestampExtractor: c.string('timestamp.extractor') as TimestampExtractorKind,
    timestampField: c.string('timestamp.field'),
    format: FORMAT_CLASSES[c.string('format.class')]!,
    byteArraySeparator: Buffer.from(unescapeJava(c.optionalString('format.bytearray.separator') ?? '\n'), 'utf8'),
    byteArrayExtension: c.string('format.bytearray.extension'),
    compression: c.string('s3.compression.type') as 'none' | 'gzip',
    compressionLevel: c.int('s3.compression.level'),
    partSize: c.int('s3.part.size'),
    partRetries: c.int('s3.part.retries'),
    retryBackoffMs: c.long('s3.retry.backoff.ms'),
    avroCodec: c.string('avro.codec') as 'null' | 'deflate',
    zeroPadWidth: c.int('filename.offset.zero.pad.width'),
    nullValues: c.string('behavior.on.null.values').toLowerCase() as 'ignore' | 'fail',
    decimalFormat: c.string('json.decimal.format').toUpperCase() as 'BASE64' | 'NUMERIC',
  };
  if (config.accessKeyId !== '' && !config.secretAccessKey) {
    throw new ConfigException('aws.secret.access.key', null, 'Required when aws.access.key.id is set');
  }
  if (config.storeUrl !== null && !/^https?:\/\/[^/]+/.test(config.storeUrl)) {
    throw new ConfigException('store.url', config.storeUrl, 'Must be an http(s):// URL');
  }
  if (config.fileDelim === '') throw new ConfigException('file.delim', config.fileDelim, 'Must not be empty');
  if (partitioner === 'field' && config.partitionFields.length === 0) {
    throw new ConfigException('partition.field.name', props['partition.field.name'] ?? '', 'FieldPartitioner needs at least one field name');
  }
  if (config.rotateScheduleIntervalMs > 0 && config.timezone.trim() === '') {
    throw new ConfigException('timezone', config.timezone, 'rotate.schedule.interval.ms needs a timezone');
  }
  if (partitioner === 'time' && config.partitionDurationMs < 0) {
    throw new ConfigException('partition.duration.ms', config.partitionDurationMs, 'TimeBasedPartitioner needs a positive partition duration');
  }
  return config;
}

/** Java string escapes as Confluent's separator accepts them (\n, \t, \r, \\, \uXXXX …). */
export function unescapeJava(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|[ntrbf0'"\\])/g, (_m, e: string) => {
    if (e.startsWith('u')) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0', "'": "'", '"': '"', '\\': '\\' } as Record<string, string>)[e]!;
  });
}
