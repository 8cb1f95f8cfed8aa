import type { PhoneRegion } from '../../core/pii/find-phones.js';
import { z } from 'zod/v4';
import { parseInput } from '../../core/validate.js';
import type { ChatMessage, ChatRequest, ChatRole, ChatStream, Provider } from '../../core/types.js';
import { streamParts, type StreamCompletion } from '../../core/create-chat-stream.js';
import { wrapProvider } from '../wrap-provider.js';
import { piiTypes, type PiiType } from '../../core/pii/detect-pii.js';
import { createPiiRedactionState, redactPii, restorePii, type PiiRestoreMap } from '../../core/pii/redact-pii.js';
import { lazyObject } from '../../core/lazy-object.js';

/**
 * Options for {@link withPiiRedaction}.
 *
 * @example
 * ```ts
 * const options: WithPiiRedactionOptions = { roles: ['user'], restore: ['email'], defaultRegion: 'GB' };
 * const safe = withPiiRedaction(provider, options);
 * ```
 */
export interface WithPiiRedactionOptions {
  /**
   * What to redact before a request leaves the process.
   * @default every kind: email, phone, card, iban, secret
   */
  readonly types?: readonly PiiType[];
  /**
   * Which messages to redact.
   * @default ['system', 'user', 'assistant', 'tool']
   */
  readonly roles?: readonly ChatRole[];
  /**
   * Put the original values back into the reply: `true` for every kind except secrets, or the
   * list of kinds to restore. Secrets are only restored when listed explicitly.
   * @default false
   */
  readonly restore?: boolean | readonly PiiType[];
  /** Region for phone numbers without a country code. @default 'US' */
  readonly defaultRegion?: PhoneRegion;
}

const piiTypeSchema = lazyObject(() => z.enum(piiTypes as [PiiType, ...PiiType[]]));
const optionsSchema = lazyObject(() => z.object({
  types: z.array(piiTypeSchema).optional(),
  roles: z.array(z.enum(['system', 'user', 'assistant', 'tool'])).optional(),
  restore: z.union([z.boolean(), z.array(piiTypeSchema)]).optional(),
  defaultRegion: z.string().regex(/^[A-Z]{2}$/, 'Expected `defaultRegion` as an ISO 3166-1 alpha-2 code such as "US"').optional(),
}));

/** Longest placeholder prefix a stream may hold back while waiting for the rest: `[SECRET_99999]`. */
const maxPlaceholderLength = 16;
const placeholderPrefix = /\[[A-Z]{0,6}(?:_\d{0,5})?$/;

/**
 * Wraps a provider so that personal data and secrets never reach the model: every message is
 * redacted with stable placeholders (`[EMAIL_1]`) before the call (seed 000: "only summary data
 * sent to AI"). Optionally the reply gets the values back — also in streams, where a placeholder
 * split across deltas (`[EMA` + `IL_1]`) is held back until it is complete. The wrapper keeps
 * the inner provider's id and model, so budgets and attempts are unaffected.
 *
 * @example
 * ```ts
 * const safe = withPiiRedaction(openai, { restore: ['email'] });
 * const result = await safe.generate({ messages: [{ role: 'user', content: 'Email me at jane@example.com' }] });
 * // the model saw 'Email me at [EMAIL_1]'; result.text has jane@example.com back
 * ```
 */
export function withPiiRedaction(provider: Provider, options: WithPiiRedactionOptions = {}): Provider {
  const config = parseInput(optionsSchema, options, 'withPiiRedaction options');
  // Tool results carry the host's customer data (orders, contacts): redacted like the rest.
  const roles = new Set<ChatRole>(config.roles ?? ['system', 'user', 'assistant', 'tool']);
  const types = config.types ?? piiTypes;
  const restoreTypes = new Set<PiiType>(config.restore === true ? piiTypes.filter((type) => type !== 'secret') : config.restore === false || config.restore === undefined ? [] : config.restore);
  const region = (config.defaultRegion ?? 'US') as PhoneRegion;

  const prepare = <OBJECT>(request: ChatRequest<OBJECT>): { request: ChatRequest<OBJECT>; restore: PiiRestoreMap } => {
    const state = createPiiRedactionState();
    const messages = request.messages.map((message): ChatMessage => {
      if (!roles.has(message.role) || typeof message.content !== 'string') return message;
      const redacted = redactPii(message.content, { types, defaultRegion: region, state });
      return redacted.text === message.content ? message : { ...message, content: redacted.text };
    });
    const restore = new Map<string, string>();
    for (const [placeholder, value] of state.restore) {
      if (restoreTypes.has(typeOf(placeholder))) restore.set(placeholder, value);
    }
    return { request: { ...request, messages }, restore };
  };

  return wrapProvider(provider, {
    async wrapGenerate({ request, doGenerate }) {
      const { request: redacted, restore } = prepare(request);
      const result = await doGenerate(redacted);
      if (restore.size === 0) return result;
      return { ...result, text: restorePii(result.text, restore), object: restoreDeep(result.object, restore), ...(result.toolCalls === undefined ? {} : { toolCalls: restoreDeep(result.toolCalls, restore) }) };
    },
    wrapStream: ({ request, doStream, createStream }) => {
      const { request: redacted, restore } = prepare(request);
      const inner = doStream(redacted);
      if (restore.size === 0) return inner;
      return createStream(async function* ({ signal }) {
        const onAbort = (): void => inner.abort(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        try {
          let pending = '';
          for await (const delta of streamParts(inner as ChatStream<unknown>)) {
            if (typeof delta !== 'string') {
              yield delta;
              continue;
            }
            pending += delta;
            const hold = heldBack(pending);
            if (hold === -1) {
              yield restorePii(pending, restore);
              pending = '';
            } else if (hold > 0) {
              yield restorePii(pending.slice(0, hold), restore);
              pending = pending.slice(hold);
            }
          }
          if (pending) yield restorePii(pending, restore);
          const end = await inner.result;
          const completion: StreamCompletion<typeof end.object> = {
            finishReason: end.finishReason,
            usage: end.usage,
            provider: end.provider,
            model: end.model,
            attempts: end.attempts,
            degraded: end.degraded,
            object: restoreDeep(end.object, restore),
            ...(end.toolCalls === undefined ? {} : { toolCalls: restoreDeep(end.toolCalls, restore) }),
            ...(end.costMicros === undefined ? {} : { costMicros: end.costMicros }),
            ...(end.degradedReason === undefined ? {} : { degradedReason: end.degradedReason }),
            ...(end.requestId === undefined ? {} : { requestId: end.requestId }),
          };
          return completion;
        } finally {
          signal.removeEventListener('abort', onAbort);
        }
      });
    },
  });
}

/** Index where a possibly incomplete placeholder starts, or -1 when all of `text` can go out. */
function heldBack(text: string): number {
  const start = text.lastIndexOf('[');
  if (start === -1 || text.length - start > maxPlaceholderLength) return -1;
  return placeholderPrefix.test(text.slice(start)) ? start : -1;
}

function typeOf(placeholder: string): PiiType {
  const label = placeholder.slice(1, placeholder.indexOf('_')).toLowerCase();
  return (piiTypes as readonly string[]).includes(label) ? (label as PiiType) : 'secret';
}

function restoreDeep<T>(value: T, restore: PiiRestoreMap): T {
  if (typeof value === 'string') return restorePii(value, restore) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => restoreDeep(item, restore)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = restoreDeep(item, restore);
    return copy as T;
  }
  return value;
}
