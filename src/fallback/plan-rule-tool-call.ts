import { classifyIntent } from './classify-intent.js';
import { extractEntities } from './extract-entities.js';

/**
 * A tool call the rule-based path decided to make.
 *
 * @example
 * ```ts
 * const planned: RuleToolCall = { name: 'lookup_order', arguments: { orderId: '54321' } };
 * ```
 */
export interface RuleToolCall {
  readonly name: string;
  readonly arguments: Readonly<Record<string, unknown>>;
}

/** Intents answered by looking an order up, when the message names one. */
const orderIntents: ReadonlySet<string> = new Set(['order_status', 'shipping_delay']);

/**
 * The tool the rule-based path runs for a customer message, when its intent maps to one and the
 * tool is available: "where is my order #54321?" (order status, shipping delay) → `lookup_order`
 * with the order number found in the message. `undefined` when no tool fits (the plain
 * rule-based reply then answers). Pure: it decides, the caller runs the tool.
 *
 * @example
 * ```ts
 * planRuleToolCall('Where is my order #54321?', new Set(['lookup_order']));
 * // { name: 'lookup_order', arguments: { orderId: '54321' } }
 * ```
 */
export function planRuleToolCall(message: string, available: ReadonlySet<string>): RuleToolCall | undefined {
  if (!available.has('lookup_order')) return undefined;
  const { intent } = classifyIntent(message);
  if (!orderIntents.has(intent)) return undefined;
  const order = extractEntities(message, { types: ['order_number'] }).find((entity) => entity.type === 'order_number');
  return order ? { name: 'lookup_order', arguments: { orderId: order.normalized ?? order.value } } : undefined;
}
