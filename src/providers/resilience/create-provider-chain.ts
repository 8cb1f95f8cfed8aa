import { z } from 'zod/v4';
import type { Clock, Sleep } from '../../core/clock.js';
import { providerErrorKinds } from '../../core/errors.js';
import type { TokenCounter } from '../../core/token-counter.js';
import type { Provider } from '../../core/types.js';
import { parseInput } from '../../core/validate.js';
import { circuitBreakerSettingsSchema, type CircuitBreakerSettings } from './create-circuit-breaker.js';
import { createFallbackChain } from './create-fallback-chain.js';
import { createLocalRateLimiter, rateLimitSettingsSchema, type RateLimitSettings } from '../../core/rate-limit/create-local-rate-limiter.js';
import type { ErrorAction } from '../../core/error-policy.js';
import type { RateLimiter } from '../../core/rate-limit/rate-limiter.js';
import type { ResilienceEventListener } from './resilience-event.js';
import { withCircuitBreaker } from './with-circuit-breaker.js';
import { withRateLimit } from './with-rate-limit.js';
import { retrySettingsSchema, withRetry, type RetrySettings } from './with-retry.js';
import { withTimeout } from './with-timeout.js';
import type { TelemetryOption } from '../../core/telemetry/telemetry-options.js';
import { resolveTelemetry } from '../../core/telemetry/load-telemetry.js';
import { instrumentProvider, markTraced } from '../telemetry/with-telemetry.js';
import { telemetryEventListener } from '../telemetry/record-resilience-event.js';
import { lazyObject, unwrapLazy } from '../../core/lazy-object.js';

/**
 * The vendors `createProviderChain` can build by name.
 *
 * @example
 * ```ts
 * const vendor: ChainVendor = process.env.AI_VENDOR === 'anthropic' ? 'anthropic' : 'openai';
 * const ai = await createProviderChain({ providers: [{ type: vendor, apiKey: process.env.AI_API_KEY }] });
 * ```
 */
export type ChainVendor = 'openai' | 'anthropic' | 'huggingface';

/**
 * Builds a vendor provider from its options; by default the factory of `crmkit/providers/<vendor>`,
 * loaded on first use so the root entry never loads an SDK.
 *
 * @example
 * ```ts
 * const openai: VendorFactory = (options) => createOpenAIProvider(options);
 * ```
 */
export type VendorFactory = (options: Readonly<Record<string, unknown>>) => Provider | Promise<Provider>;

/**
 * One link of the chain: a vendor by name (with its key) or any {@link Provider}, plus its own
 * retry, circuit breaker, rate limit and timeouts. `false` switches a layer off.
 *
 * @example
 * ```ts
 * const link: ChainProviderConfig = { type: 'openai', apiKey: process.env.OPENAI_API_KEY, rateLimit: { requestsPerMinute: 60 } };
 * ```
 */
export interface ChainProviderConfig {
  /** A vendor, or `custom` for a ready-made `provider`. */
  readonly type: ChainVendor | 'custom';
  /** Required for `custom`. */
  readonly provider?: Provider;
  /** Required for vendors. Never logged; redacted from every error. */
  readonly apiKey?: string;
  readonly model?: string;
  readonly baseURL?: string;
  /** Provider id in attempts, events and limiter keys. @default the vendor name */
  readonly id?: string;
  readonly contextWindow?: number;
  /** Extra options passed to the vendor factory as they are (for example `fetch`). */
  readonly vendorOptions?: Readonly<Record<string, unknown>>;
  /** @default RetrySettings defaults (3 attempts, 500 ms → 8 s backoff, Retry-After honoured up to 20 s) */
  readonly retry?: RetrySettings | false;
  /** @default CircuitBreakerSettings defaults (5 consecutive failures or 50 % of ≥ 10 calls in 30 s; 5 s cooldown) */
  readonly circuitBreaker?: CircuitBreakerSettings | false;
  /** Local limits, or `{ limiter }` for a shared one such as `createRedisRateLimiter`. @default no limit */
  readonly rateLimit?: (RateLimitSettings & { readonly limiter?: RateLimiter }) | false;
  /** Per-attempt timeout. @default 20_000 */
  readonly timeoutMs?: number;
  /** Stream idle timeout. @default 10_000 */
  readonly idleTimeoutMs?: number;
}

/**
 * The whole resilience stack in one object, validated by {@link createProviderChain}.
 *
 * @example
 * ```ts
 * const config: ProviderChainConfig = {
 *   providers: [
 *     { type: 'openai', apiKey: process.env.OPENAI_API_KEY, rateLimit: { requestsPerMinute: 60 } },
 *     { type: 'anthropic', apiKey: process.env.ANTHROPIC_API_KEY, rateLimit: { requestsPerMinute: 50 } },
 *   ],
 *   deadlineMs: 30_000,
 * };
 * ```
 */
export interface ProviderChainConfig {
  /** In order of preference. */
  readonly providers: readonly ChainProviderConfig[];
  /** Total deadline across retries and fallbacks. @default 30_000 (seed 000's total timeout) */
  readonly deadlineMs?: number;
  /** The degraded responder (usually the rule-based one), asked when every provider failed. */
  readonly fallback?: Provider;
  /** Per-kind actions; see defaultErrorPolicy. */
  readonly policy?: Partial<Record<(typeof providerErrorKinds)[number], ErrorAction>>;
  /** @default false */
  readonly restartStreamOnFailure?: boolean;
  readonly onEvent?: ResilienceEventListener;
  /** @default false */
  readonly includeContent?: boolean;
  /** Estimates tokens for rate limits and context-window fitting. @default createApproximateTokenCounter() */
  readonly tokenCounter?: TokenCounter;
  /** Injected into every layer, for tests. */
  readonly clock?: Clock;
  readonly sleep?: Sleep;
  readonly random?: () => number;
  /** Replaces the built-in vendor factories (tests, custom builds). */
  readonly factories?: Partial<Record<ChainVendor, VendorFactory>>;
  /**
   * OpenTelemetry: a `chat {model}` span per try (inside the retry loop, so it covers the circuit
   * breaker and the rate-limit wait), retries, fallbacks and circuit changes as span events, the
   * GenAI histograms and crmkit's counters. `true` uses the host's global providers.
   * @default false (off, free)
   */
  readonly telemetry?: TelemetryOption;
}

const fn = (name: string) => z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', { message: `Expected \`${name}\` to be a function` });
const providerShape = lazyObject(() => z.custom<Provider>(
  (value) => typeof value === 'object' && value !== null && typeof (value as Provider).generate === 'function' && typeof (value as Provider).stream === 'function',
  { message: 'Expected a Provider (id, model, contextWindow, generate, stream)' },
));

const providerEntrySchema = lazyObject(() => z
  .object({
    type: z.enum(['openai', 'anthropic', 'huggingface', 'custom'], { message: 'Expected `type` to be "openai", "anthropic", "huggingface" or "custom"' }),
    provider: providerShape.optional(),
    apiKey: z.string().optional(),
    model: z.string().min(1).optional(),
    baseURL: z.url({ message: 'Expected `baseURL` to be an absolute URL' }).optional(),
    id: z.string().min(1).optional(),
    contextWindow: z.number().int().positive().optional(),
    vendorOptions: z.record(z.string(), z.unknown()).optional(),
    retry: z.union([unwrapLazy(retrySettingsSchema), z.literal(false)]).optional(),
    circuitBreaker: z.union([circuitBreakerSettingsSchema, z.literal(false)]).optional(),
    rateLimit: z
      .union([rateLimitSettingsSchema.extend({ limiter: z.custom<RateLimiter>((value) => typeof (value as RateLimiter | undefined)?.acquire === 'function', { message: 'Expected `limiter` to be a RateLimiter' }).optional() }), z.literal(false)])
      .optional(),
    timeoutMs: z.number().positive('Expected `timeoutMs` to be a positive number of milliseconds').optional(),
    idleTimeoutMs: z.number().positive('Expected `idleTimeoutMs` to be a positive number of milliseconds').optional(),
  })
  .strict()
  .superRefine((entry, context) => {
    if (entry.type === 'custom' && !entry.provider) context.addIssue({ code: 'custom', path: ['provider'], message: 'Expected a `provider` for type "custom"' });
    if (entry.type !== 'custom' && !entry.apiKey) context.addIssue({ code: 'custom', path: ['apiKey'], message: `Expected an \`apiKey\` for ${entry.type}` });
    if (entry.type !== 'custom' && entry.provider) context.addIssue({ code: 'custom', path: ['provider'], message: 'Use `type: "custom"` to pass a ready-made provider' });
  }));

const policySchema = lazyObject(() => z.partialRecord(z.enum(providerErrorKinds as [string, ...string[]]), z.enum(['retry', 'next', 'stop'])));

const configSchema = lazyObject(() => z
  .object({
    providers: z.array(providerEntrySchema).min(1, 'Expected at least one provider'),
    deadlineMs: z.number().positive('Expected `deadlineMs` to be a positive number of milliseconds').optional(),
    fallback: providerShape.optional(),
    policy: policySchema.optional(),
    restartStreamOnFailure: z.boolean().optional(),
    onEvent: fn('onEvent').optional(),
    includeContent: z.boolean().optional(),
    tokenCounter: z.custom<TokenCounter>((value) => typeof (value as TokenCounter | undefined)?.countMessages === 'function', { message: 'Expected a TokenCounter' }).optional(),
    clock: z.custom<Clock>((value) => typeof (value as Clock | undefined)?.now === 'function', { message: 'Expected a Clock' }).optional(),
    sleep: fn('sleep').optional(),
    random: fn('random').optional(),
    factories: z.record(z.string(), fn('factories')).optional(),
    telemetry: z.union([z.boolean(), z.looseObject({})], { message: 'Expected `telemetry` to be true, false or { tracer, meter, recordContent, recordIdentity, redact }' }).optional(),
  })
  .strict()
  .superRefine((config, context) => {
    const seen = new Set<string>();
    config.providers.forEach((entry, index) => {
      const id = entry.id ?? entry.provider?.id ?? entry.type;
      if (seen.has(id)) context.addIssue({ code: 'custom', path: ['providers', index, 'id'], message: `Duplicate provider id "${id}"; give each link its own \`id\`` });
      seen.add(id);
    });
  }));

const chainDefaults = { deadlineMs: 30_000, timeoutMs: 20_000, idleTimeoutMs: 10_000 } as const;

interface VendorModule {
  readonly [name: string]: unknown;
}

const factoryExport: Record<ChainVendor, string> = {
  openai: 'createOpenAIProvider',
  anthropic: 'createAnthropicProvider',
  huggingface: 'createHuggingFaceProvider',
};

async function loadVendorFactory(vendor: ChainVendor): Promise<VendorFactory> {
  // Each vendor lives behind its own subpath; importing it here, lazily, keeps `crmkit` free of SDKs.
  const module: VendorModule =
    vendor === 'openai'
      ? ((await import('../openai/index.js')) as VendorModule)
      : vendor === 'anthropic'
        ? ((await import('../anthropic/index.js')) as VendorModule)
        : ((await import('../huggingface/index.js')) as VendorModule);
  const factory = module[factoryExport[vendor]];
  if (typeof factory !== 'function') throw new TypeError(`crmkit/providers/${vendor} does not export ${factoryExport[vendor]}`);
  return factory as VendorFactory;
}

/**
 * Builds the whole resilience stack from one validated config: for each provider, in order,
 * `withRetry(withCircuitBreaker(withRateLimit(provider)))`, all inside a
 * {@link createFallbackChain} with a total deadline and the optional degraded `fallback`.
 * Invalid config rejects at once with a ValidationError listing every problem with its path.
 *
 * Vendor providers are built through `crmkit/providers/<vendor>`, imported lazily (hence
 * async); their own SDK retries are off and their timeouts are set from `timeoutMs` and
 * `idleTimeoutMs`, so there is one retry loop and one set of timers. A `custom` provider is
 * wrapped in {@link withTimeout} instead.
 *
 * @example
 * ```ts
 * import { createProviderChain } from 'crmkit';
 *
 * const ai = await createProviderChain({
 *   providers: [
 *     { type: 'openai', apiKey: process.env.OPENAI_API_KEY, rateLimit: { requestsPerMinute: 60 } },
 *     { type: 'anthropic', apiKey: process.env.ANTHROPIC_API_KEY, model: 'claude-3-haiku-20240307' },
 *   ],
 *   deadlineMs: 30_000,
 *   onEvent: (event) => console.log(event.type, event.provider),
 * });
 * const { text, provider, attempts } = await ai.generate({ messages: [{ role: 'user', content: 'Hi' }] });
 * ```
 */
export async function createProviderChain(config: ProviderChainConfig): Promise<Provider> {
  const valid = parseInput(configSchema, config, 'createProviderChain config');
  const { clock, sleep, random, includeContent, tokenCounter, policy } = config;
  const telemetry = resolveTelemetry(config.telemetry, 'createProviderChain config');
  const onEvent = telemetryEventListener(telemetry, config.onEvent);
  const links: Provider[] = [];
  for (const entry of config.providers) {
    const timeoutMs = entry.timeoutMs ?? chainDefaults.timeoutMs;
    const idleTimeoutMs = entry.idleTimeoutMs ?? chainDefaults.idleTimeoutMs;
    let provider: Provider;
    if (entry.type === 'custom') {
      provider = withTimeout(entry.provider as Provider, { timeoutMs, idleTimeoutMs, label: 'per-attempt timeout', sleep });
    } else {
      const factory = config.factories?.[entry.type] ?? (await loadVendorFactory(entry.type));
      const options: Record<string, unknown> = { ...entry.vendorOptions, apiKey: entry.apiKey, timeoutMs, idleTimeoutMs };
      for (const key of ['model', 'baseURL', 'id', 'contextWindow'] as const) if (entry[key] !== undefined) options[key] = entry[key];
      provider = await factory(options);
    }
    const rateLimit = entry.rateLimit;
    if (rateLimit) {
      const { limiter, ...limits } = rateLimit;
      provider = withRateLimit(provider, {
        limiter: limiter ?? createLocalRateLimiter({ ...limits, name: provider.id, clock, sleep }),
        maxQueueWaitMs: limits.maxQueueWaitMs,
        tokenCounter,
        onEvent,
      });
    }
    if (entry.circuitBreaker !== false) provider = withCircuitBreaker(provider, { ...entry.circuitBreaker, clock, onEvent });
    if (telemetry) provider = instrumentProvider(provider, telemetry);
    provider = withRetry(provider, { ...(entry.retry === false ? { maxAttempts: 1 } : entry.retry), policy, sleep, random, onEvent, includeContent });
    links.push(provider);
  }
  const chain = createFallbackChain(links, {
    policy,
    degraded: telemetry && config.fallback ? instrumentProvider(config.fallback, telemetry) : config.fallback,
    deadlineMs: valid.deadlineMs ?? chainDefaults.deadlineMs,
    restartStreamOnFailure: config.restartStreamOnFailure,
    tokenCounter,
    sleep,
    onEvent,
    includeContent,
  });
  return telemetry ? markTraced(chain) : chain;
}
