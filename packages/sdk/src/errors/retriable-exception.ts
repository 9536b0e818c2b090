import { ConnectException } from './connect-exception.js';

/** A transient failure (connection lost, lock timeout): the runtime retries the same call. */
export class RetriableException extends ConnectException {}
