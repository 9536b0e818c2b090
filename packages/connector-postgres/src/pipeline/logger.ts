/** The little logging the connector does; the runtime may pass one in the task context as `logger`. */
export interface ConnectorLogger {
  debug(message: string): void;
  info(message: string): void;
}

export const NO_LOGGER: ConnectorLogger = { debug: () => undefined, info: () => undefined };
