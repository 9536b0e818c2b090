import { ConnectException } from './connect-exception.js';

/** A configuration value that is missing or invalid; always names the key and the value. */
export class ConfigException extends ConnectException {
  constructor(
    readonly key: string,
    readonly value: unknown,
    reason?: string,
  ) {
    super(
      `Invalid value ${value === undefined ? 'null' : String(value)} for configuration ${key}` +
        (reason ? `: ${reason}` : ''),
    );
  }

  /** Kafka's wording for a required key that was not given. */
  static missing(key: string): ConfigException {
    const error = new ConfigException(key, undefined);
    error.message = `Missing required configuration "${key}" which has no default value.`;
    return error;
  }
}
