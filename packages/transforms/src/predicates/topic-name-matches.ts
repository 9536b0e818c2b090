import { ConfigDef, Validators, type ConnectRecord, type Predicate } from '@tsconnect/sdk';
import { TransformValidators } from '../util/config-util.js';
import { JavaPattern } from '../util/java-regex.js';

export const TOPIC_NAME_MATCHES_CONFIG_DEF = new ConfigDef().define({
  name: 'pattern', type: 'STRING', validator: TransformValidators.all(Validators.nonEmptyString(), TransformValidators.javaRegex()),
  documentation: "A Java regular expression for matching against the name of a record's topic.",
});

/** Kafka's TopicNameMatches: true when the whole topic name matches `pattern`. */
export class TopicNameMatches implements Predicate {
  private pattern!: JavaPattern;

  configure(props: Readonly<Record<string, unknown>>): void {
    const value = TOPIC_NAME_MATCHES_CONFIG_DEF.parse(props).string('pattern');
    this.pattern = JavaPattern.compile('pattern', value, 'entry must be a Java-compatible regular expression: ');
  }

  test(record: ConnectRecord): boolean {
    return record.topic !== null && record.topic !== undefined && this.pattern.matches(record.topic);
  }

  config(): ConfigDef {
    return TOPIC_NAME_MATCHES_CONFIG_DEF;
  }

  toString(): string {
    return `TopicNameMatches{pattern=${this.pattern}}`;
  }
}
