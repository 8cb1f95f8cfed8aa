import { ProviderError } from '../../core/errors.js';
import type { ChatRequest, ChatResult, ChatStream, Provider, CallOptions } from '../../core/types.js';
import { createChatStream } from '../../core/create-chat-stream.js';
import { forwardStream, wrapProvider } from '../wrap-provider.js';

const marker = Symbol.for('crmkit.noModelReason');

/**
 * The provider an environment with no model enabled (seed 000's `HF_ENABLED=False` and no other
 * key) stands for: it answers nothing itself, and says why. `createCrmAssistant` recognises it
 * and answers every call with its rules, with this reason as `degradedReason`; a direct caller
 * gets a ProviderError naming the fix.
 * @internal
 */
export function createNoModelProvider(reason: string): Provider {
  const fail = (): ProviderError =>
    new ProviderError(`${capitalise(reason)}; answer with the rules: pass \`fallback: createRuleBasedResponder()\`, or hand this chain to createCrmAssistant`, {
      kind: 'auth',
      retryable: false,
      providerId: 'none',
      model: 'none',
    });
  return {
    id: 'none',
    model: 'none',
    contextWindow: 1_000_000,
    [marker]: reason,
    async generate<OBJECT = undefined>(): Promise<ChatResult<OBJECT>> {
      throw fail();
    },
    stream<OBJECT = undefined>(_request: ChatRequest<OBJECT>, options?: CallOptions): ChatStream<OBJECT> {
      // eslint-disable-next-line require-yield -- a stream that fails before its first delta
      return createChatStream<OBJECT>(async function* () {
        throw fail();
      }, { ...(options?.signal ? { signal: options.signal } : {}), providerId: 'none', model: 'none' });
    },
  } as Provider;
}

/**
 * Why no model answers when `provider` is the env chain's stand-in for "no model enabled",
 * else undefined.
 * @internal
 */
export function noModelReasonOf(provider: Provider | undefined): string | undefined {
  const reason = (provider as { [marker]?: unknown } | undefined)?.[marker];
  return typeof reason === 'string' ? reason : undefined;
}

/**
 * The degraded responder of an env chain without a model, with the environment's reason as
 * `degradedReason` (the responder's own generic reason would hide that no model is enabled).
 * @internal
 */
export function withNoModelReason(responder: Provider, reason: string): Provider {
  return wrapProvider(responder, {
    async wrapGenerate({ doGenerate }) {
      return { ...(await doGenerate()), degraded: true, degradedReason: reason };
    },
    wrapStream: ({ createStream }) =>
      createStream(async function* ({ doStream }) {
        const completion = yield* forwardStream(doStream());
        return { ...completion, degraded: true, degradedReason: reason };
      }),
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
