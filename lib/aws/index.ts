/**
 * AWS plumbing: the client factory, credentials, the rate limiter and the
 * request counter.
 *
 * @module
 */
export { createCallCounter } from './callCounter.js';
export type {
  CallerIdentity,
  ClientFactory,
  ClientFactoryOptions,
  ClientScope,
  RequestHandlerOption,
  RetryStrategyOption,
} from './clientFactory.js';
export { createClientFactory } from './clientFactory.js';
export { CLIENT_FACTORY_DEFAULTS } from './constants.js';
export type { Credentials, CredentialsProvider } from './credentials.js';
export {
  cacheCredentials,
  errorCodeOf,
  roleArnFor,
  sessionNameFor,
} from './credentials.js';
export type { RateKey, RateLimiterOptions } from './rateLimiter.js';
export { RateLimiter } from './rateLimiter.js';
export type { CallCounter, TargetClients } from './types.js';
