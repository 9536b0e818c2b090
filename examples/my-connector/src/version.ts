/** Reported by the connectors, their tasks and the plugin descriptors (GET /connector-plugins). */
export const VERSION = '1.0.0';
