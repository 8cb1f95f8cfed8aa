import { z } from 'zod/v4';
import { ValidationError } from '../core/errors.js';
import type { ChatRequest } from '../core/types.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * Per-request model settings of `send`, `stream` and `ask` (seed 002's `preferred_provider`,
 * `temperature`, `max_tokens`, `include_history`; seed 001's `top_p`). Each overrides the
 * assistant's default for this call only.
 *
 * @example
 * ```ts
 * await assistant.send({ tenantId: 'acme', userId: 'u1', message: 'Hi', preferredProvider: 'anthropic', temperature: 0.2, maxTokens: 300, topP: 0.95, includeHistory: false });
 * ```
 */
export interface RequestOptions {
  /**
   * The fallback-chain link to try first (its id, case-insensitive: `openai`, `anthropic`,
   * `huggingface`…); the rest of the chain follows. `auto` keeps the chain's order. A name the
   * chain does not have is rejected with a ValidationError naming `preferredProvider`.
   * @default 'auto'
   */
  readonly preferredProvider?: string;
  /** 0–2. @default the assistant's `chat.temperature` / `crm.temperature` */
  readonly temperature?: number;
  /** Most tokens the reply may use, 1–32,000. @default the assistant's `maxOutputTokens` for the use case */
  readonly maxTokens?: number;
  /** Nucleus sampling, greater than 0 and at most 1. @default the assistant's (seed 000: 0.9 for `ask`) or the provider's */
  readonly topP?: number;
  /**
   * `false` leaves the session's earlier messages out of the prompt (the reply is still stored
   * in the session). `ask` never sends history, so there it changes nothing.
   * @default true
   */
  readonly includeHistory?: boolean;
}

/** zod shape of {@link RequestOptions}, merged into each input schema. @internal */
export const requestOptionsShape = lazyObject(() => ({
  preferredProvider: z.string().trim().min(1, 'Expected `preferredProvider` to be a provider id such as "openai", or "auto"').max(100, 'Expected `preferredProvider` of at most 100 characters').optional(),
  temperature: z.number({ message: 'Expected `temperature` to be a number from 0 to 2' }).min(0, 'Expected `temperature` from 0 to 2').max(2, 'Expected `temperature` from 0 to 2').optional(),
  maxTokens: z
    .number({ message: 'Expected `maxTokens` to be a whole number from 1 to 32000' })
    .int('Expected `maxTokens` to be a whole number from 1 to 32000')
    .min(1, 'Expected `maxTokens` from 1 to 32000')
    .max(32_000, 'Expected `maxTokens` from 1 to 32000')
    .optional(),
  topP: z.number({ message: 'Expected `topP` to be a number above 0 and at most 1' }).gt(0, 'Expected `topP` above 0 and at most 1').max(1, 'Expected `topP` above 0 and at most 1').optional(),
  includeHistory: z.boolean({ message: 'Expected `includeHistory` to be true or false' }).optional(),
}));

const camel = (name: string): string => name.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());

/**
 * Rejects fields an input does not have, by name, instead of dropping them silently (a seed's
 * `max_tokens` would otherwise vanish and the default apply). Suggests the camelCase spelling.
 * @internal
 */
export function rejectUnknownFields(input: unknown, known: readonly string[], subject: string): void {
  if (typeof input !== 'object' || input === null) return;
  const allowed = new Set(known);
  const issues = Object.keys(input)
    .filter((key) => !allowed.has(key))
    .map((key) => {
      const suggestion = camel(key) !== key && allowed.has(camel(key)) ? `; did you mean \`${camel(key)}\`?` : `; expected one of ${known.map((name) => `\`${name}\``).join(', ')}`;
      return { path: key, message: `Unknown field \`${key}\`${suggestion}` };
    });
  if (issues.length > 0) throw new ValidationError(subject, issues);
}

/**
 * The model settings of one request: the use case's defaults, overridden by what the caller
 * passed for this call.
 * @internal
 */
export function modelSettings(
  options: RequestOptions,
  defaults: { readonly maxOutputTokens: number; readonly temperature: number; readonly topP?: number },
): Pick<ChatRequest, 'maxOutputTokens' | 'temperature' | 'topP' | 'preferredProvider'> {
  const topP = options.topP ?? defaults.topP;
  const preferred = options.preferredProvider?.toLowerCase();
  return {
    maxOutputTokens: options.maxTokens ?? defaults.maxOutputTokens,
    temperature: options.temperature ?? defaults.temperature,
    ...(topP === undefined ? {} : { topP }),
    ...(preferred === undefined || preferred === 'auto' ? {} : { preferredProvider: preferred }),
  };
}
