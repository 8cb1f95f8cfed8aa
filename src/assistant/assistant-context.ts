import type { Clock } from '../core/clock.js';
import type { HandoffSummary } from '../core/handoff-summary.js';
import { ValidationError, ProviderError, CrmKitError } from '../core/errors.js';
import type { Provider } from '../core/types.js';
import type { TokenCounter } from '../core/token-counter.js';
import type { ConversationStore } from '../adapters/conversation-store.js';
import type { CustomerSource } from '../adapters/customer-source.js';
import type { MemberSource } from '../adapters/member-source.js';
import type { OrderSource } from '../adapters/order-source.js';
import type { TicketSource } from '../adapters/ticket-source.js';
import type { UsageStore } from '../core/usage/usage-store.js';
import type { TicketContextTimeouts } from '../adapters/gather-ticket-context.js';
import type { Scorer } from '../scoring/create-scorer.js';
import type { PromptRegistry } from '../prompts/create-prompt-registry.js';
import type { CompanyKnowledge } from '../prompts/company-assistant-prompt.js';
import type { KnowledgeReplies } from './answer-from-knowledge.js';

import type { ContentFilter } from '../fallback/create-content-filter.js';
import type { ContentFilteredEvent } from './assistant-event.js';

import type { IntentClassifier } from '../fallback/load-intent-classifier.js';

/**
 * Where a swallowed failure happened, for {@link CrmAssistantOptions.onError}.
 *
 * @example
 * ```ts
 * const where: AssistantErrorSource = 'escalation_hook';
 * ```
 */
export type AssistantErrorSource = 'model' | 'escalation_hook' | 'store' | 'content_filter_hook';

/**
 * What the `onEscalate` hook receives when a session is escalated to a human.
 *
 * @example
 * ```ts
 * const onEscalate = (event: EscalationEvent) => notifySupport(event.tenantId, event.sessionId, event.summary.text);
 * ```
 */
export interface EscalationEvent {
  readonly tenantId: string;
  readonly sessionId: string;
  readonly userId?: string;
  readonly sessionType: string;
  readonly reason: string;
  readonly escalatedAt: Date;
  /** What the human agent needs to pick the conversation up: problem, what was tried, references, sentiment trend, open question. */
  readonly summary: HandoffSummary;
}

/** Everything the use cases share, resolved once by `createCrmAssistant`. @internal */
export interface AssistantContext {
  /** The host's model stack wrapped in the budget, or undefined when no model is configured. */
  readonly llm: Provider | undefined;
  readonly members: MemberSource | undefined;
  readonly tickets: TicketSource | undefined;
  readonly customers: CustomerSource | undefined;
  readonly orders: OrderSource | undefined;
  readonly conversations: ConversationStore;
  readonly usageStore: UsageStore;
  readonly prompts: PromptRegistry;
  readonly scorer: Scorer;
  readonly tokenCounter: TokenCounter;
  readonly clock: Clock;
  readonly timeZone: string;
  readonly weekStartsOn: number;
  readonly crm: { readonly domain: string; readonly maxOutputTokens: number; readonly temperature: number; readonly topP: number };
  readonly chat: {
    readonly maxOutputTokens: number;
    readonly temperature: number;
    readonly historyLimit: number;
    readonly defaultSessionType: string;
    readonly knowledge: CompanyKnowledge | undefined;
    readonly productName: string | undefined;
  };
  readonly drafts: { readonly companyName: string | undefined; readonly agentName: string | undefined; readonly maxOutputTokens: number };
  readonly analysis: { readonly maxOutputTokens: number; readonly intentClassifier: IntentClassifier | undefined; readonly modelBelowConfidence: number };
  readonly contextTimeouts: TicketContextTimeouts | undefined;
  readonly onEscalate: ((event: EscalationEvent) => void | Promise<void>) | undefined;
  /** Grounded replies from the host's knowledge source (issue 21), when `knowledge` is configured. */
  readonly knowledge?: KnowledgeReplies;

  /** Screens customer input before any model sees it; undefined when off. */
  readonly contentFilter: ContentFilter | undefined;
  readonly onContentFiltered: ((event: ContentFilteredEvent) => void) | undefined;
  /** Why answers are rule-based when no model is configured (an env chain with no model enabled says which). */
  readonly noModelReason: string;
  readonly reportError: (error: unknown, source: AssistantErrorSource) => void;
}

/** Input tokens left for the prompt once the reply's tokens are set aside. @internal */
export function inputBudget(llm: Provider | undefined, maxOutputTokens: number): number | undefined {
  if (!llm) return undefined;
  return Math.max(256, llm.contextWindow - maxOutputTokens);
}

/**
 * True for failures that the rule-based path answers instead: any model failure except the
 * caller's own abort and a budget refusal (the host decides what a budget means), plus model
 * output that could not be used. Bugs (validation of our own input) are not swallowed.
 * @internal
 */
export function degradesToRules(error: unknown, options: { budget: 'degrade' | 'throw' }): boolean {
  if (ValidationError.isInstance(error)) return false;
  if (ProviderError.isInstance(error)) {
    if (error.kind === 'aborted') return false;
    if (error.kind === 'budget_exceeded') return options.budget === 'degrade';
    return true;
  }
  // ModelOutputError, PromptBudgetError and friends: the model path could not produce a usable answer.
  return CrmKitError.isInstance(error);
}

/**
 * A short, secret-free reason for a degraded answer. For a provider failure it names each
 * provider's failure kind in order (`model unavailable (openai: auth; anthropic: overloaded)`),
 * read from the error's attempts: a provider's retries count once, with their last kind.
 * @internal
 */
export function degradedReasonOf(error: unknown): string {
  if (ProviderError.isInstance(error)) {
    const links: string[] = [];
    let previous: string | undefined;
    for (const attempt of error.attempts) {
      if (attempt.ok || attempt.kind === undefined) continue;
      const link = `${attempt.provider}: ${attempt.kind}`;
      if (attempt.provider === previous) links[links.length - 1] = link;
      else links.push(link);
      previous = attempt.provider;
    }
    return `model unavailable (${links.length > 0 ? links.join('; ') : error.kind})`;
  }
  if (CrmKitError.isInstance(error)) return `model output unusable (${error.code})`;
  return 'model unavailable';
}
