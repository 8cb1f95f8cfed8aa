import type { Clock } from '../core/clock.js';
import { ValidationError, ProviderError, CrmKitError } from '../core/errors.js';
import type { Provider } from '../core/types.js';
import type { TokenCounter } from '../core/token-counter.js';
import type { ConversationStore } from '../adapters/conversation-store.js';
import type { CustomerSource } from '../adapters/customer-source.js';
import type { MemberSource } from '../adapters/member-source.js';
import type { OrderSource } from '../adapters/order-source.js';
import type { TicketSource } from '../adapters/ticket-source.js';
import type { UsageStore } from '../adapters/usage/usage-store.js';
import type { TicketContextTimeouts } from '../adapters/gather-ticket-context.js';
import type { Scorer } from '../scoring/create-scorer.js';
import type { PromptRegistry } from '../prompts/create-prompt-registry.js';
import type { CompanyKnowledge } from '../prompts/company-assistant-prompt.js';
import type { IntentClassifier } from '../fallback/load-intent-classifier.js';

/**
 * Where a swallowed failure happened, for {@link CrmAssistantOptions.onError}.
 *
 * @example
 * ```ts
 * const where: AssistantErrorSource = 'escalation_hook';
 * ```
 */
export type AssistantErrorSource = 'model' | 'escalation_hook' | 'store';

/**
 * What the `onEscalate` hook receives when a session is escalated to a human.
 *
 * @example
 * ```ts
 * const onEscalate = (event: EscalationEvent) => notifySupport(event.tenantId, event.sessionId, event.reason);
 * ```
 */
export interface EscalationEvent {
  readonly tenantId: string;
  readonly sessionId: string;
  readonly userId?: string;
  readonly sessionType: string;
  readonly reason: string;
  readonly escalatedAt: Date;
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

/** A short, secret-free reason for a degraded answer. @internal */
export function degradedReasonOf(error: unknown): string {
  if (ProviderError.isInstance(error)) return `model unavailable (${error.kind})`;
  if (CrmKitError.isInstance(error)) return `model output unusable (${error.code})`;
  return 'model unavailable';
}
