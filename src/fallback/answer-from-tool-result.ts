/** Reads a string field of a tool's JSON-like output. */
function text(record: unknown, key: string): string | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const value = (record as Record<string, unknown>)[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function day(iso: string | undefined): string | undefined {
  return iso === undefined ? undefined : iso.slice(0, 10);
}

function statusWords(status: string): string {
  return status.replace(/_/g, ' ');
}

/**
 * The rule-based answer to a customer from a tool's output, for the tools whose output it knows
 * (`lookup_order`, `track_shipment`); `undefined` otherwise. Pure.
 *
 * @example
 * ```ts
 * answerFromToolResult('lookup_order', { found: true, order: { number: '54321', status: 'in_transit' }, tracking: { status: 'in_transit', carrier: 'UPS' } }, '54321');
 * // 'Your order #54321 is in transit. Latest tracking (UPS): in transit.'
 * ```
 */
export function answerFromToolResult(toolName: string, output: unknown, reference: string): string | undefined {
  if (toolName !== 'lookup_order' && toolName !== 'track_shipment') return undefined;
  const record = (typeof output === 'object' && output !== null ? output : {}) as Record<string, unknown>;
  if (record.found !== true) return `I couldn't find order #${reference} on your account. Could you double-check the order number? A member of our team can also help.`;
  const order = record.order;
  const tracking = record.tracking;
  const number = text(order, 'number') ?? reference;
  const parts: string[] = [];
  const orderStatus = text(order, 'status');
  parts.push(orderStatus ? `Your order #${number} is ${statusWords(orderStatus)}.` : `Here is the latest on order #${number}.`);
  const trackingStatus = text(tracking, 'status');
  if (trackingStatus) {
    const via = [text(tracking, 'carrier'), text(tracking, 'trackingNumber')].filter(Boolean).join(' ');
    const detail = text(tracking, 'description') ?? statusWords(trackingStatus);
    const updated = day(text(tracking, 'lastUpdateAt'));
    parts.push(`Latest tracking${via ? ` (${via})` : ''}: ${detail}${updated ? `, last updated ${updated}` : ''}.`);
    const eta = day(text(tracking, 'estimatedDeliveryAt'));
    if (eta) parts.push(`Estimated delivery: ${eta}.`);
  } else {
    parts.push('There is no tracking update for it yet.');
  }
  return parts.join(' ');
}
