import { ConfigDef, Validators, type ConnectRecord, type Predicate } from '@tsconnect/sdk';

export const HAS_HEADER_KEY_CONFIG_DEF = new ConfigDef().define({
  name: 'name', type: 'STRING', validator: Validators.nonEmptyString(), documentation: 'The header name.',
});

/** Kafka's HasHeaderKey: true when at least one header has the configured key. */
export class HasHeaderKey implements Predicate {
  private name = '';

  configure(props: Readonly<Record<string, unknown>>): void {
    this.name = HAS_HEADER_KEY_CONFIG_DEF.parse(props).string('name');
  }

  test(record: ConnectRecord): boolean {
    return record.headers.some((h) => h.key === this.name);
  }

  config(): ConfigDef {
    return HAS_HEADER_KEY_CONFIG_DEF;
  }

  toString(): string {
    return `HasHeaderKey{name='${this.name}'}`;
  }
}
