import type { ConfigType, Importance, Width } from './config-types.js';
import type { Validator } from './validators.js';

/** Marks a key without a default: it must be set. */
export const NO_DEFAULT = Symbol('NO_DEFAULT');

/** One declared config key; the same declaration drives parsing, validation, docs and REST. */
export interface ConfigKey {
  readonly name: string;
  readonly type: ConfigType;
  /** Raw (string) or typed default; NO_DEFAULT when the key is required. */
  readonly defaultValue: unknown;
  readonly importance: Importance;
  readonly documentation: string;
  readonly validator?: Validator;
  readonly group?: string;
  readonly orderInGroup?: number;
  readonly width?: Width;
  readonly displayName?: string;
  readonly dependents?: readonly string[];
}

export type ConfigKeyInput = Omit<ConfigKey, 'defaultValue' | 'importance' | 'documentation'> &
  Partial<Pick<ConfigKey, 'defaultValue' | 'importance' | 'documentation'>>;
