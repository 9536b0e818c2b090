import { ConfigDef, type ConnectRecord, type Transformation } from '@tsconnect/sdk';
import { TransformValidators } from './util/config-util.js';

export const DROP_HEADERS_CONFIG_DEF = new ConfigDef().define({
  name: 'headers', type: 'LIST', validator: TransformValidators.nonEmptyList(), importance: 'HIGH',
  documentation: 'The name of the headers to be removed.',
});

/** Kafka's DropHeaders: removes every header whose key is listed. */
export class DropHeaders implements Transformation {
  private headers = new Set<string>();

  configure(props: Readonly<Record<string, unknown>>): void {
    this.headers = new Set(DROP_HEADERS_CONFIG_DEF.parse(props).list('headers'));
  }

  apply<R extends ConnectRecord>(record: R): R {
    return { ...record, headers: record.headers.filter((h) => !this.headers.has(h.key)) };
  }

  config(): ConfigDef {
    return DROP_HEADERS_CONFIG_DEF;
  }
}
