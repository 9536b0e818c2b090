/** Version of this connector, reported by version() and in source.version. */
export const CONNECTOR_VERSION = '0.1.0';
