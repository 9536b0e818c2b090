import { ConnectException } from './connect-exception.js';

/** Bad data: a value that does not fit its schema, bytes a converter cannot read. Not retriable. */
export class DataException extends ConnectException {}
