export { builtinPlugins } from './builtin-plugins.js';
