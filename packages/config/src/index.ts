export { ConfigError, loadConfig, loadConfigOrExit, parseConfig, redact } from './parse.ts';
export {
  DEFAULT_PRICES,
  PROVIDER_KINDS,
  type Config,
  type Price,
  type ProviderConfig,
  type ProviderKind,
  type RouteConfig,
  type RouteStrategy,
  type RouteTargetConfig,
} from './schema.ts';
