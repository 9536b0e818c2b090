/** Reported by every plugin of this package. */
export const VERSION = '0.1.0';
