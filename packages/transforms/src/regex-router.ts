import { ConfigDef, type ConnectRecord, type Transformation } from '@tsconnect/sdk';
import { TransformValidators } from './util/config-util.js';
import { JavaPattern } from './util/java-regex.js';

export const REGEX_ROUTER_CONFIG_DEF = new ConfigDef()
  .define({ name: 'regex', type: 'STRING', validator: TransformValidators.javaRegex(), importance: 'HIGH', documentation: 'Regular expression to use for matching.' })
  .define({ name: 'replacement', type: 'STRING', importance: 'HIGH', documentation: 'Replacement string.' });

/** Kafka's RegexRouter: when the whole topic matches, the topic becomes `replaceFirst(replacement)` ($1, ${name}). */
export class RegexRouter implements Transformation {
  private regex!: JavaPattern;
  private replacement = '';

  configure(props: Readonly<Record<string, unknown>>): void {
    const config = REGEX_ROUTER_CONFIG_DEF.parse(props);
    this.regex = JavaPattern.compile('regex', config.string('regex'));
    this.replacement = config.string('replacement');
  }

  apply<R extends ConnectRecord>(record: R): R {
    if (!this.regex.matches(record.topic)) return record;
    return { ...record, topic: this.regex.replaceFirst(record.topic, this.replacement) };
  }

  config(): ConfigDef {
    return REGEX_ROUTER_CONFIG_DEF;
  }
}
