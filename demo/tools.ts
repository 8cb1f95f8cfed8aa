/**
 * Demo section: tool calling that survives failover. A customer asks about an order; the primary
 * model calls the `lookup_order` tool over the host's OrderSource, then fails; the next vendor
 * finishes the answer from the same tool result (the tool runs once).
 */
import { fake, type RecordedRequest } from '../src/testing/index.js';
import { color, facts, quote, section, table } from './terminal.js';
import type { DemoWiring } from './wiring.js';

/** What the stand-in model says once it has a tool result: the tracking it read from the request. */
function answerFromToolResult(request: RecordedRequest): string | undefined {
  const body = JSON.stringify(request.body).replace(/\\"/g, '"');
  const tracking = /"tracking":\{"status":"([a-z_]+)","carrier":"([^"]+)"[^}]*?"description":"([^"]+)"/.exec(body);
  if (!tracking) return undefined;
  const [, status, carrier, description] = tracking;
  return `Your order #54321 is ${status!.replace(/_/g, ' ')} with ${carrier}. The latest tracking says "${description}", so I have asked the carrier for an update and will get back to you today.`;
}

export async function toolCalling(wiring: DemoWiring, number: number, signal: AbortSignal): Promise<void> {
  section(number, 'Tools that survive failover', 'assistant.send({ tools: "crm" }) — "Where is my order #54321?"');
  const server = wiring.fakeServer;
  if (!server) {
    const result = await wiring.assistant.send({ tenantId: 'demo', userId: 'c-jane', message: 'Where is my order #54321?', tools: 'crm', signal });
    quote(result.reply);
    console.log(color.dim('  (With real providers no vendor is made to fail on purpose.)'));
    return;
  }
  const { scriptedModel } = await import('./scripted-model.js');
  const first = server.requests.length;
  // The primary calls the tool, then answers 529 overloaded; the next vendor reads the tool result.
  server.enqueue(fake.toolCalls([{ name: 'lookup_order', arguments: { orderId: '54321' } }]), fake.fault('overloaded'));
  server.script((request) => {
    const text = answerFromToolResult(request);
    return text === undefined ? scriptedModel(request) : fake.reply(text);
  });
  try {
    const result = await wiring.assistant.send({ tenantId: 'demo', userId: 'c-jane', message: 'Where is my order #54321?', tools: 'crm', signal });
    const requests = server.requests.slice(first);
    table(requests, [
      { header: 'step', value: (request) => requests.indexOf(request) + 1, align: 'right' },
      { header: 'vendor', value: (request) => request.vendor },
      { header: 'what happened', value: (request) => (request.index === first ? 'called lookup_order({ orderId: "54321" })' : request.index === first + 1 ? '529 overloaded, after the tool call' : 'answered from the same tool result') },
    ]);
    quote(result.reply);
    facts([
      ['answered by', result.provider],
      ['tool runs', (result.toolRuns ?? []).map((run) => `${run.toolName}: ${run.status}`).join(', ')],
      ['history sent on', 'ids renamed per vendor, every call paired with its result, tool output in an untrusted block'],
    ]);
  } finally {
    server.script(scriptedModel);
  }
}
