export { builtinPlugins } from './builtin-plugins.js';
export { consoleRestExtensions } from './console.js';
export type { ConsoleOptions } from './console.js';
