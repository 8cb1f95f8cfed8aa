/**
 * npm run demo: crmkit end to end, offline. Sample data, memory stores, and a loopback fake
 * provider server standing in for Anthropic, OpenAI and Hugging Face (real providers when API keys
 * are set). Each section is one assistant call a host app would make.
 */
import { setMaxListeners } from 'node:events';
import { ProviderError } from '../src/index.js';
import { fake } from '../src/testing/index.js';
import { color, facts, progressBar, quote, section, table } from './terminal.js';
import { createDemoWiring, type DemoWiring } from './wiring.js';
import { knowledge } from './knowledge.js';

const tenantId = 'demo';
// One deadline for the whole demo; every call listens to it, hence the raised listener limit.
const signal = AbortSignal.timeout(120_000);
setMaxListeners(1_000, signal);

async function inbox({ assistant }: DemoWiring): Promise<string> {
  section(1, 'The smart inbox', 'assistant.inbox.rank() — no sort menu, the order is the product');
  const ranked = await assistant.inbox.rank({ tenantId, limit: 10, signal });
  table(ranked.tickets, [
    { header: '#', value: (ticket) => ranked.tickets.indexOf(ticket) + 1, align: 'right' },
    { header: 'score', value: (ticket) => ticket.smart_score.toFixed(1), align: 'right', style: (text) => color.bold(color.green(text)) },
    { header: 'ticket', value: (ticket) => ticket.id },
    { header: 'priority', value: (ticket) => ticket.priority ?? '' },
    { header: 'subject', value: (ticket) => ticket.subject, maxWidth: 40 },
  ]);
  const top = ranked.tickets[0]!;

  console.log(`\n  ${color.bold(`Why ${top.id} is first`)} ${color.dim('— assistant.inbox.explain()')}`);
  const breakdown = await assistant.inbox.explain({ tenantId, ticketId: top.id, signal });
  const components = Object.entries(breakdown.components) as [string, number][];
  const largest = Math.max(...components.map(([, value]) => Math.abs(value)), 1);
  table(components, [
    { header: 'component', value: ([name]) => name },
    { header: 'points', value: ([, value]) => `${value >= 0 ? '+' : ''}${value.toFixed(2)}`, align: 'right', style: (text, [, value]) => (value < 0 ? color.red(text) : text) },
    { header: '', value: ([, value]) => '█'.repeat(Math.round((Math.abs(value) / largest) * 24)), style: (text, [, value]) => (value < 0 ? color.red(text) : color.cyan(text)) },
  ]);
  console.log(`  ${color.dim('total')} ${color.bold(breakdown.total_score.toFixed(2))}`);

  console.log(`\n  ${color.bold('Topic alert "chargeback"')} ${color.dim('— one keyword, +5 for every match, no re-sorting by hand')}`);
  const alerted = await assistant.inbox.rank({ tenantId, limit: 4, topicAlerts: ['chargeback'], signal });
  table(alerted.tickets, [
    { header: '#', value: (ticket) => alerted.tickets.indexOf(ticket) + 1, align: 'right' },
    { header: 'score', value: (ticket) => ticket.smart_score.toFixed(1), align: 'right' },
    { header: 'ticket', value: (ticket) => `${ticket.matches_topic_alert ? '⚡ ' : '  '}${ticket.id}`, style: (text, ticket) => (ticket.matches_topic_alert ? color.yellow(text) : text) },
    { header: 'subject', value: (ticket) => ticket.subject, maxWidth: 40 },
  ]);
  return top.id;
}

async function ask({ assistant }: DemoWiring): Promise<void> {
  const query = 'What are member IDs I need to follow up today?';
  section(2, 'Ask the CRM', `assistant.ask() — "${query}"`);
  const answer = await assistant.ask({ tenantId, query, filter: 'today', signal });
  quote(answer.response);
  facts([
    ['count', String(answer.count)],
    ['member ids', `${answer.memberIds.slice(0, 3).join(', ')}, … (${answer.memberIds.length})`],
    ['answered by', `${answer.provider}${answer.degraded ? color.yellow(' (rule-based)') : ''}`],
  ]);
}

async function drafts({ assistant }: DemoWiring, ticketId: string): Promise<void> {
  section(3, `Draft replies for ${ticketId}`, 'assistant.draftReply() — context gathered, channel rules enforced');
  for (const channel of ['email', 'sms'] as const) {
    const draft = await assistant.draftReply({ tenantId, ticketId, channel, signal });
    const size = channel === 'sms' ? `${draft.content.length}/160 characters` : `${draft.content.split(/\s+/).filter(Boolean).length}/200 words`;
    console.log(`\n  ${color.bold(channel.toUpperCase())} ${color.dim(`${draft.tone} · ${size}${draft.degraded ? ' · template' : ''}`)}`);
    quote(draft.content);
    const applied = Object.entries(draft.personalization).filter(([, used]) => used).map(([name]) => name);
    console.log(`  ${color.dim('personalised:')} ${applied.join(', ') || 'none'}`);
  }
}

async function analyze({ assistant }: DemoWiring): Promise<void> {
  const message = "I've been charged twice for order #60077 and nobody answers my emails. Refund me today or I'll file a chargeback. jane@example.com";
  section(4, 'Analyse a message', 'assistant.analyze() — sentiment, intent, entities, priority');
  quote(message);
  const analysis = await assistant.analyze({ tenantId, message, signal });
  facts([
    ['sentiment', analysis.sentiment ? `${analysis.sentiment.label} (${analysis.sentiment.score.toFixed(2)})` : '—'],
    ['intent', analysis.intent ? `${analysis.intent.intent} (${Math.round(analysis.intent.confidence * 100)}%)` : '—'],
    ['entities', analysis.entities?.map((entity) => `${entity.type}=${entity.value}`).join(', ') || '—'],
    ['priority', analysis.priority ? `${analysis.priority.level}: ${analysis.priority.reasons.join('; ')}` : '—'],
    ['source', analysis.source],
  ]);
}

async function failover(wiring: DemoWiring): Promise<void> {
  section(5, 'Live failover', `${wiring.providerNames.join(' → ')} → rules`);
  if (!wiring.fakeServer) {
    console.log(color.dim('  Skipped with real providers: crmkit will not make a real vendor fail on purpose.'));
    return;
  }
  wiring.fakeServer.enqueue(fake.fault('overloaded'));
  const result = await wiring.chain.generate({ messages: [{ role: 'user', content: 'Is my order on its way?' }], maxOutputTokens: 100 }, { signal });
  console.log(`  ${color.dim('The primary answers 529 overloaded; the chain moves on:')}`);
  table(result.attempts, [
    { header: 'provider', value: (attempt) => attempt.provider },
    { header: 'outcome', value: (attempt) => (attempt.ok ? 'answered' : `${attempt.kind} ${attempt.status ?? ''}`), style: (text, attempt) => (attempt.ok ? color.green(text) : color.red(text)) },
    { header: 'ms', value: (attempt) => Math.round(attempt.durationMs), align: 'right' },
  ]);
  quote(result.text);

  // One vendor alone, no chain: the failure reaches the caller as one typed error, whatever the vendor.
  console.log(`\n  ${color.bold('One failure, typed')} ${color.dim('— a bare OpenAI provider gets a 429 with retry-after')}`);
  const { createOpenAIProvider } = await import('../src/providers/openai/index.js');
  const bare = createOpenAIProvider({ apiKey: 'sk-demo-offline', baseURL: wiring.fakeServer.openaiBaseURL });
  wiring.fakeServer.enqueue(fake.fault('rate_limited', { retryAfterSeconds: 2 }));
  try {
    await bare.generate({ messages: [{ role: 'user', content: 'Is my order on its way?' }] }, { signal });
  } catch (error) {
    if (!ProviderError.isInstance(error)) throw error;
    facts([
      ['error', `${error.name}: ${error.message}`],
      ['kind', error.kind],
      ['retryable', String(error.retryable)],
      ['retryAfterMs', String(error.retryAfterMs)],
      ['status', String(error.status)],
      ['providerId', String(error.providerId)],
    ]);
  }

  console.log(`\n  ${color.bold('Every provider down')} ${color.dim('— the same question to assistant.ask() while all three fail')}`);
  wiring.fakeServer.script(() => fake.fault('server'));
  try {
    const answer = await wiring.assistant.ask({ tenantId, query: 'Who do I need to call today?', filter: 'today', signal });
    quote(answer.response);
    facts([
      ['connected', String(answer.connected)],
      ['degraded', String(answer.degraded)],
      ['count', String(answer.count)],
    ]);
  } finally {
    const { scriptedModel } = await import('./scripted-model.js');
    wiring.fakeServer.script(scriptedModel);
  }
}

async function batch({ assistant, data }: DemoWiring): Promise<void> {
  // The inbox from section 1, analysed: the same open tickets, in the same order, with the
  // priority the inbox shows given to the model as context.
  const inboxPage = await assistant.inbox.rank({ tenantId, limit: 50, signal });
  const tickets = inboxPage.tickets;
  // The customer's words, as a host would analyse them.
  const byId = new Map(data.tickets.map((ticket) => [ticket.id, `${ticket.subject}. ${ticket.body}`]));
  section(6, 'Batch analysis', `the ${tickets.length} open tickets of the inbox, 4 at a time`);
  const bar = progressBar(tickets.length);
  const results = new Map<string, { id: string; inbox: string; sentiment: string; intent: string; priority: string; source: string }>();
  const queue = [...tickets];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let ticket = queue.shift(); ticket; ticket = queue.shift()) {
        const inboxPriority = ticket.priority ?? 'normal';
        const analysis = await assistant.analyze({
          tenantId,
          message: byId.get(ticket.id) ?? ticket.subject,
          context: `Ticket ${ticket.id} on ${ticket.channel}; inbox priority: ${inboxPriority}`,
          signal,
        });
        results.set(ticket.id, {
          id: ticket.id,
          inbox: inboxPriority,
          sentiment: analysis.sentiment?.label ?? '—',
          intent: analysis.intent?.intent ?? '—',
          priority: analysis.priority?.level ?? '—',
          source: analysis.source,
        });
        bar.tick(ticket.id);
      }
    }),
  );
  bar.done(`${results.size} analyses in ${Math.round(performance.now() - started)} ms`);
  const rows = tickets.map((ticket) => results.get(ticket.id)!);
  table(rows, [
    { header: 'ticket', value: (row) => row.id },
    { header: 'inbox', value: (row) => row.inbox },
    { header: 'priority', value: (row) => row.priority, style: (text, row) => (row.priority === row.inbox ? text : color.yellow(text)) },
    { header: 'sentiment', value: (row) => row.sentiment, style: (text, row) => (row.sentiment === 'negative' ? color.red(text) : row.sentiment === 'positive' ? color.green(text) : text) },
    { header: 'intent', value: (row) => row.intent },
    { header: 'source', value: (row) => row.source, style: (text) => color.dim(text) },
  ]);
}

async function main(): Promise<void> {
  const wiring = await createDemoWiring();
  console.log(color.bold('\ncrmkit demo'));
  if (wiring.fakeServer) {
    console.log(color.dim(`  Offline: sample data, memory stores, and a fake provider server at ${wiring.fakeServer.url} standing in for ${wiring.providerNames.join(', ')}.`));
    console.log(color.dim('  Set ANTHROPIC_API_KEY, OPENAI_API_KEY or HF_TOKEN to run it on real providers.'));
  } else {
    console.log(color.yellow(`  Using REAL providers from your API keys: ${wiring.providerNames.join(' → ')}. Calls are billed by the vendors.`));
  }
  try {
    const top = await inbox(wiring);
    await ask(wiring);
    await drafts(wiring, top);
    await analyze(wiring);
    await failover(wiring);
    await batch(wiring);
    await knowledge(wiring, 7, tenantId, signal);
    await (await import('./tools.js')).toolCalling(wiring, 8, signal);
    console.log(`\n${color.green('✔')} Done. Next: docs/getting-started.md, or examples/express and examples/nextjs.\n`);
  } finally {
    await wiring.close();
  }
}

await main();
