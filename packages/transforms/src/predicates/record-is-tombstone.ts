import { ConfigDef, type ConnectRecord, type Predicate } from '@tsconnect/sdk';

export const RECORD_IS_TOMBSTONE_CONFIG_DEF = new ConfigDef();

/** Kafka's RecordIsTombstone: true when the value is null. */
export class RecordIsTombstone implements Predicate {
  configure(): void {}

  test(record: ConnectRecord): boolean {
    return record.value === null || record.value === undefined;
  }

  config(): ConfigDef {
    return RECORD_IS_TOMBSTONE_CONFIG_DEF;
  }

  toString(): string {
    return 'RecordIsTombstone{}';
  }
}
