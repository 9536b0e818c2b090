import { ConfigDef, type ConnectRecord, type Transformation } from '@tsconnect/sdk';

export const FILTER_CONFIG_DEF = new ConfigDef();

/**
 * Kafka's Filter: drops every record it sees. Pair it with `predicate` (and `negate`) in the
 * transform config; the runtime applies the predicate and only hands matching records here.
 */
export class Filter implements Transformation {
  configure(): void {}

  apply<R extends ConnectRecord>(_record: R): R | null {
    return null;
  }

  config(): ConfigDef {
    return FILTER_CONFIG_DEF;
  }
}
