/** Config value types, spelled as Kafka Connect's REST API reports them. */
export const CONFIG_TYPES = ['BOOLEAN', 'STRING', 'INT', 'SHORT', 'LONG', 'DOUBLE', 'LIST', 'CLASS', 'PASSWORD'] as const;
export type ConfigType = (typeof CONFIG_TYPES)[number];

export const IMPORTANCE = ['HIGH', 'MEDIUM', 'LOW'] as const;
export type Importance = (typeof IMPORTANCE)[number];

export const WIDTH = ['NONE', 'SHORT', 'MEDIUM', 'LONG'] as const;
export type Width = (typeof WIDTH)[number];

/** What each config type parses to. */
export interface ConfigValueTypes {
  BOOLEAN: boolean;
  STRING: string;
  INT: number;
  SHORT: number;
  LONG: number;
  DOUBLE: number;
  LIST: string[];
  CLASS: string;
  PASSWORD: Password;
}

/** A secret: prints as `[hidden]` so it never reaches a log or a REST body by accident. */
export class Password {
  static readonly HIDDEN = '[hidden]';
  constructor(readonly value: string) {}
  toString(): string {
    return Password.HIDDEN;
  }
  toJSON(): string {
    return Password.HIDDEN;
  }
}
