export { ConfigError, loadConfig, loadConfigOrExit, parseConfig, redact } from './parse.ts';
export { DEFAULT_PRICES, type Config, type Price, type ProviderConfig } from './schema.ts';
