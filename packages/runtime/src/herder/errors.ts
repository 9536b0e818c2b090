import { ConnectException } from '@tsconnect/sdk';

/** An error with the HTTP status the REST layer answers with (Kafka's ConnectRestException). */
export class ConnectRestException extends ConnectException {
  constructor(
    readonly statusCode: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class NotFoundException extends ConnectRestException {
  constructor(message: string) {
    super(404, message);
  }
}

export class AlreadyExistsException extends ConnectRestException {
  constructor(message: string) {
    super(409, message);
  }
}

export class BadRequestException extends ConnectRestException {
  constructor(message: string) {
    super(400, message);
  }
}
