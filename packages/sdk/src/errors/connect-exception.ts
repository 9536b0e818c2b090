/** Base of every error the runtime understands; named as Kafka Connect's so its docs apply. */
export class ConnectException extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
