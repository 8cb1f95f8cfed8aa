/**
 * Prompt rendering cost: the built-in reply-draft prompt (validation, neutralising, nonce blocks,
 * token count) against a bare template literal; the neutraliser against a bare NFKC pass; and
 * budget fitting of a 1,000-member CRM query against the same render with no budget.
 */
import { Bench } from 'tinybench';
import { createCrmQueryPrompt, createReplyDraftPrompt, neutralizeUntrusted } from '../src/prompts/index.js';

export async function run(): Promise<void> {
  const message = 'My order #54321 has not arrived yet and tracking shows no update for five days. '.repeat(25);
  const draftInput = {
    channel: 'email' as const,
    message,
    subject: 'Order not delivered',
    customer: { name: 'Jane', vip: true, ltv: 3500, churnRisk: 0.8, totalOrders: 18 },
    order: { number: '54321', totalCents: 15699, status: 'in_transit' },
    tracking: { status: 'in_transit', description: 'No updates for 5 days' },
    pastTickets: Array.from({ length: 5 }, (_, index) => ({ subject: `Ticket ${index}`, body: message.slice(0, 400) })),
  };
  const draft = createReplyDraftPrompt({ companyName: 'Acme' });
  const crm = createCrmQueryPrompt();
  const memberIds = Array.from({ length: 1000 }, (_, index) => `MID-2025-11-03-${10000 + index}`);
  const crmInput = { question: 'Who should I call first today?', filter: 'today' as const, totalRecords: 1000, leadStatusCounts: { New: 400, 'Follow-up': 600 }, memberIds };
  const fullTokens = crm.render(crmInput).tokens;

  const bench = new Bench({ time: 500 });
  bench
    .add('reply-draft render (crmkit)', () => void draft.render(draftInput))
    .add('reply-draft template literal (baseline, unsafe)', () => {
      const tickets = draftInput.pastTickets.map((ticket) => `Subject: ${ticket.subject}\n${ticket.body}`).join('\n\n');
      void `You are a customer support agent.\nCHANNEL: EMAIL\nCUSTOMER'S MESSAGE:\n"${draftInput.message}"\nPAST TICKETS:\n${tickets}\nWrite the response now:`;
    })
    .add('neutralizeUntrusted 2 KB', () => void neutralizeUntrusted(message))
    .add('NFKC only 2 KB (baseline)', () => void message.normalize('NFKC'))
    .add('crm-query 1,000 ids, no budget', () => void crm.render(crmInput))
    .add('crm-query 1,000 ids, fit to half', () => void crm.render(crmInput, { maxInputTokens: Math.floor(fullTokens / 2) }));
  await bench.run();
  console.table(
    bench.tasks.map((task) => {
      const latency = (task.result as { latency?: { mean?: number; p50?: number; p99?: number } } | undefined)?.latency;
      return {
        task: task.name,
        'ops/s': Math.round(1000 / (latency?.mean ?? Number.POSITIVE_INFINITY)),
        'median µs': Number(((latency?.p50 ?? 0) * 1000).toFixed(1)),
        'p99 µs': Number(((latency?.p99 ?? 0) * 1000).toFixed(1)),
      };
    }),
  );
}
