export { MissingConfigurationError, readEnvironment } from './environment.js';
