/** Reported by connectors and tasks as their `version()`; matches package.json. */
export const VERSION = '0.1.0';
