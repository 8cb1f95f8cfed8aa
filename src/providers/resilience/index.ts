/**
 * Resilience: Providers wrapping Providers — retry, circuit breaker, rate limit, timeouts and
 * the fallback chain — plus the whole stack from one config object.
 */
export { withRetry, retrySettingsSchema } from './with-retry.js';
export type { RetryOptions, RetrySettings } from './with-retry.js';
export { createCircuitBreaker, circuitBreakerSettingsSchema } from './create-circuit-breaker.js';
export type { CircuitBreaker, CircuitBreakerOptions, CircuitBreakerSettings, CircuitPermit } from './create-circuit-breaker.js';
export { withCircuitBreaker } from './with-circuit-breaker.js';
export type { CircuitBreakerProvider, CircuitBreakerWrapperOptions } from './with-circuit-breaker.js';
export type { RateLimiter, RateLimitLease, RateLimitRequest, RateLimitAcquireOptions } from '../../core/rate-limit/rate-limiter.js';
export { createLocalRateLimiter, rateLimitSettingsSchema } from '../../core/rate-limit/create-local-rate-limiter.js';
export type { LocalRateLimiterOptions, RateLimitSettings } from '../../core/rate-limit/create-local-rate-limiter.js';
export { withRateLimit } from './with-rate-limit.js';
export type { RateLimitOptions } from './with-rate-limit.js';
export { withTimeout } from './with-timeout.js';
export type { TimeoutOptions } from './with-timeout.js';
export { createFallbackChain } from './create-fallback-chain.js';
export type { FallbackChainOptions } from './create-fallback-chain.js';
export { defaultErrorPolicy, errorAction, resolveErrorPolicy } from '../../core/error-policy.js';
export type { ErrorAction, ErrorPolicy } from '../../core/error-policy.js';
export { emitResilienceEvent } from './resilience-event.js';
export type { ResilienceEvent, ResilienceEventBase, ResilienceEventListener, CircuitStateName } from './resilience-event.js';
export { createProviderChain } from './create-provider-chain.js';
export type { ChainProviderConfig, ChainVendor, ProviderChainConfig, VendorFactory } from './create-provider-chain.js';
export { createProviderChainFromEnv, envProviderDefaults } from './create-provider-chain-from-env.js';
export type { ProviderChainEnv } from './create-provider-chain-from-env.js';
