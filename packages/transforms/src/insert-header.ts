import { ConfigDef, Values, type ConnectRecord, type SchemaAndValue, type Transformation } from '@tsconnect/sdk';
import { TransformValidators } from './util/config-util.js';

export const INSERT_HEADER_CONFIG_DEF = new ConfigDef()
  .define({ name: 'header', type: 'STRING', validator: TransformValidators.nonNull(), importance: 'HIGH', documentation: 'The name of the header.' })
  .define({
    name: 'value.literal', type: 'STRING', validator: TransformValidators.nonNull(), importance: 'HIGH',
    documentation: 'The literal value that is to be set as the header value on all records.',
  });

/** Kafka's InsertHeader: appends one header whose schema/value are inferred from the literal (Values.parseString). */
export class InsertHeader implements Transformation {
  private header = '';
  private literal: SchemaAndValue = { schema: null, value: null };

  configure(props: Readonly<Record<string, unknown>>): void {
    const config = INSERT_HEADER_CONFIG_DEF.parse(props);
    this.header = config.string('header');
    this.literal = Values.parseString(config.string('value.literal'));
  }

  apply<R extends ConnectRecord>(record: R): R {
    return { ...record, headers: [...record.headers, { key: this.header, schema: this.literal.schema, value: this.literal.value }] };
  }

  config(): ConfigDef {
    return INSERT_HEADER_CONFIG_DEF;
  }
}
