import { ValidationError, type ValidationIssue } from '../../core/errors.js';
import type { Provider } from '../../core/types.js';
import { createFallbackChain } from './create-fallback-chain.js';
import { createProviderChain, type ChainProviderConfig, type ChainVendor, type ProviderChainConfig } from './create-provider-chain.js';
import { createNoModelProvider, withNoModelReason } from './no-model-provider.js';

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
  /** @default 'meta-llama/Llama-3.1-8B-Instruct' */
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
 * The defaults for providers configured from the environment: each vendor's current default model
 * (the seeds' models are the `seed` presets of `openAIModels`, `anthropicModels`,
 * `huggingFaceModels`; pass them as overrides to keep the seeds' exact models) and the seeds'
 * rate limits.
 *
 * | provider | variable | model | rate limit |
 * |---|---|---|---|
 * | openai | OPENAI_API_KEY | gpt-4.1-mini | 60 requests/min (seed 002) |
 * | anthropic | ANTHROPIC_API_KEY | claude-haiku-4-5 | 50 requests/min (seed 002) |
 * | huggingface | HF_TOKEN (+ HF_ENABLED) | HF_MODEL, default meta-llama/Llama-3.1-8B-Instruct | none |
 *
 * @example
 * ```ts
 * envProviderDefaults.openai.model; // 'gpt-4.1-mini'
 * ```
 */
export const envProviderDefaults = {
  openai: { model: 'gpt-4.1-mini', requestsPerMinute: 60 },
  anthropic: { model: 'claude-haiku-4-5', requestsPerMinute: 50 },
  huggingface: { model: 'meta-llama/Llama-3.1-8B-Instruct', baseURL: 'https://router.huggingface.co/v1' },
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
 * Every problem (an unknown `AI_DEFAULT_PROVIDER`, a default provider without its key, a
 * malformed flag) is reported at once in one ValidationError naming the variable. Key values
 * never appear in it. No model at all (seed 000's `HF_ENABLED=False` with no other key) is not
 * an error: with a `fallback` the chain answers from it, with `degradedReason` saying no model is
 * enabled; without one, `createCrmAssistant` answers from its rules with that reason, and a direct
 * call rejects with a ProviderError saying to pass a fallback.
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
    // Seed 000: with no model enabled the service still answers, from the rules. The reason says
    // which switch turned the models off, so `degradedReason` explains every answer.
    const reason = hfEnabled
      ? 'no model provider is configured (set OPENAI_API_KEY, ANTHROPIC_API_KEY or HF_TOKEN); answered by the rules'
      : 'no model provider is enabled (HF_ENABLED is false and no OPENAI_API_KEY or ANTHROPIC_API_KEY is set); answered by the rules';
    if (!overrides.fallback) return createNoModelProvider(reason);
    // Only the degraded responder: still a chain (answers marked degraded), one code path for callers.
    return createFallbackChain([], { degraded: withNoModelReason(overrides.fallback, reason), onEvent: rest.onEvent, includeContent: rest.includeContent, telemetry: rest.telemetry });
  }
  return createProviderChain({ ...rest, providers });
}
