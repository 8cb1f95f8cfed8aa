import { ValidationError, type ValidationIssue } from '../../core/errors.js';
import type { Provider } from '../../core/types.js';
import { createFallbackChain } from './create-fallback-chain.js';
import { createProviderChain, type ChainProviderConfig, type ChainVendor, type ProviderChainConfig } from './create-provider-chain.js';

/**
 * The environment variables {@link createProviderChainFromEnv} reads (seeds 000 and 002).
 *
 * @example
 * ```ts
 * const env: ProviderChainEnv = { OPENAI_API_KEY: 'sk-…', AI_DEFAULT_PROVIDER: 'openai' };
 * ```
 */
export interface ProviderChainEnv {
  readonly OPENAI_API_KEY?: string;
  readonly ANTHROPIC_API_KEY?: string;
  readonly HF_TOKEN?: string;
  /** @default 'mistralai/Mistral-7B-Instruct-v0.2' */
  readonly HF_MODEL?: string;
  /** @default 'https://router.huggingface.co/v1' */
  readonly HF_API_BASE_URL?: string;
  /** `true`/`false` (also `1`/`0`, `yes`/`no`, any case). @default 'true' */
  readonly HF_ENABLED?: string;
  /** `auto` (OpenAI, Anthropic, Hugging Face) or the provider to try first. @default 'auto' */
  readonly AI_DEFAULT_PROVIDER?: string;
  readonly [name: string]: string | undefined;
}

/**
 * The seeds' defaults for providers configured from the environment.
 *
 * | provider | variable | model | rate limit |
 * |---|---|---|---|
 * | openai | OPENAI_API_KEY | gpt-4o-mini | 60 requests/min (seed 002) |
 * | anthropic | ANTHROPIC_API_KEY | claude-3-haiku-20240307 | 50 requests/min (seed 002) |
 * | huggingface | HF_TOKEN (+ HF_ENABLED) | HF_MODEL, default mistralai/Mistral-7B-Instruct-v0.2 (seed 000) | none |
 *
 * @example
 * ```ts
 * envProviderDefaults.openai.model; // 'gpt-4o-mini'
 * ```
 */
export const envProviderDefaults = {
  openai: { model: 'gpt-4o-mini', requestsPerMinute: 60 },
  anthropic: { model: 'claude-3-haiku-20240307', requestsPerMinute: 50 },
  huggingface: { model: 'mistralai/Mistral-7B-Instruct-v0.2', baseURL: 'https://router.huggingface.co/v1' },
} as const;

const order: readonly ChainVendor[] = ['openai', 'anthropic', 'huggingface'];

function parseFlag(value: string | undefined, name: string, issues: ValidationIssue[]): boolean {
  if (value === undefined || value.trim() === '') return true;
  const normalised = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
  if (['false', '0', 'no', 'off'].includes(normalised)) return false;
  issues.push({ path: name, message: 'Expected "true" or "false"' });
  return true;
}

/**
 * Builds {@link createProviderChain} from environment variables, with the seeds' models and
 * rate limits ({@link envProviderDefaults}). A provider is in the chain when its key is set
 * (Hugging Face also needs `HF_ENABLED` not false). `AI_DEFAULT_PROVIDER` puts one provider first;
 * the others stay as fallbacks. `overrides` are merged over the result (for example the rule-based
 * `fallback`, `onEvent`, or per-provider settings by provider type).
 *
 * Every problem (an unknown `AI_DEFAULT_PROVIDER`, a default provider without its key, no
 * provider and no fallback at all, a malformed flag) is reported at once in one ValidationError
 * naming the variable. Key values never appear in it.
 *
 * @example
 * ```ts
 * import { createProviderChainFromEnv } from 'crmkit';
 *
 * // OPENAI_API_KEY=sk-… ANTHROPIC_API_KEY=sk-ant-… AI_DEFAULT_PROVIDER=anthropic
 * const ai = await createProviderChainFromEnv(process.env, { fallback: rulesResponder });
 * ```
 */
export async function createProviderChainFromEnv(
  env: ProviderChainEnv = process.env,
  overrides: Partial<Omit<ProviderChainConfig, 'providers'>> & { readonly providers?: Partial<Record<ChainVendor, Partial<ChainProviderConfig>>> } = {},
): Promise<Provider> {
  const issues: ValidationIssue[] = [];
  const present = (value: string | undefined): string | undefined => (value && value.trim() !== '' ? value.trim() : undefined);
  const hfEnabled = parseFlag(env.HF_ENABLED, 'HF_ENABLED', issues);
  const keys: Record<ChainVendor, string | undefined> = {
    openai: present(env.OPENAI_API_KEY),
    anthropic: present(env.ANTHROPIC_API_KEY),
    huggingface: hfEnabled ? present(env.HF_TOKEN) : undefined,
  };
  const preferred = (present(env.AI_DEFAULT_PROVIDER) ?? 'auto').toLowerCase();
  if (preferred !== 'auto' && !order.includes(preferred as ChainVendor)) {
    issues.push({ path: 'AI_DEFAULT_PROVIDER', message: 'Expected "auto", "openai", "anthropic" or "huggingface"' });
  } else if (preferred !== 'auto' && !keys[preferred as ChainVendor]) {
    const variable = preferred === 'openai' ? 'OPENAI_API_KEY' : preferred === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'HF_TOKEN';
    const extra = preferred === 'huggingface' && !hfEnabled ? ' and HF_ENABLED not false' : '';
    issues.push({ path: variable, message: `Required because AI_DEFAULT_PROVIDER is "${preferred}"; set ${variable}${extra}` });
  }
  const vendors = order.filter((vendor) => keys[vendor]);
  if (preferred !== 'auto' && vendors.includes(preferred as ChainVendor)) vendors.sort((a, b) => Number(b === preferred) - Number(a === preferred));
  if (vendors.length === 0 && !overrides.fallback) {
    issues.push({ path: '(environment)', message: 'No provider configured: set OPENAI_API_KEY, ANTHROPIC_API_KEY or HF_TOKEN (or pass a `fallback` responder)' });
  }
  if (issues.length > 0) throw new ValidationError('provider chain environment', issues);

  const providers: ChainProviderConfig[] = vendors.map((vendor) => {
    const base: ChainProviderConfig =
      vendor === 'openai'
        ? { type: 'openai', apiKey: keys.openai, model: envProviderDefaults.openai.model, rateLimit: { requestsPerMinute: envProviderDefaults.openai.requestsPerMinute } }
        : vendor === 'anthropic'
          ? { type: 'anthropic', apiKey: keys.anthropic, model: envProviderDefaults.anthropic.model, rateLimit: { requestsPerMinute: envProviderDefaults.anthropic.requestsPerMinute } }
          : {
              type: 'huggingface',
              apiKey: keys.huggingface,
              model: present(env.HF_MODEL) ?? envProviderDefaults.huggingface.model,
              baseURL: present(env.HF_API_BASE_URL) ?? envProviderDefaults.huggingface.baseURL,
            };
    return { ...base, ...overrides.providers?.[vendor] };
  });
  const { providers: _perVendor, ...rest } = overrides;
  if (providers.length === 0) {
    // Only the degraded responder: still a chain (answers marked degraded), one code path for callers.
    return createFallbackChain([], { degraded: overrides.fallback, onEvent: rest.onEvent, includeContent: rest.includeContent, telemetry: rest.telemetry });
  }
  return createProviderChain({ ...rest, providers });
}
