/**
 * Smart inbox at scale: score every open ticket, match 100 topic-alert keywords, pick the top 50.
 *
 * Candidate: `rankTickets` (Aho–Corasick matcher compiled once per alert set, bounded-heap top-k).
 * Baseline: the obvious code — lower-case each ticket, `includes` for every keyword, score with the
 * same scorer, sort the whole inbox, slice 50. Both see the same deterministic data in the same run.
 */
import { Bench } from 'tinybench';
import type { Customer, Ticket, TicketPriority } from '../src/core/domain.js';
import { createScorer, rankTickets, type Scorer } from '../src/scoring/index.js';
import { seededRandom } from '../src/core/seeded-random.js';

const now = Date.parse('2025-11-21T12:00:00Z');


interface Inbox {
  readonly tickets: Ticket[];
  readonly customers: Map<string, Customer>;
  readonly keywords: string[];
}

function makeInbox(count: number): Inbox {
  const next = seededRandom(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const letters = 'abcdefghijklmnoprstuvwy';
  const word = (min: number, max: number): string => {
    const length = min + Math.floor(next() * (max - min + 1));
    let text = '';
    for (let index = 0; index < length; index++) text += letters[Math.floor(next() * letters.length)];
    return text;
  };
  const vocabulary = Array.from({ length: 3000 }, () => word(2, 8));
  // Alert keywords use letters the vocabulary never does, so substring and whole-word matching agree
  // and the two implementations must pick the same tickets.
  const topicWords = Array.from({ length: 120 }, (_, index) => `zq${index.toString(36)}${word(2, 5)}x`);
  const keywords = [...topicWords.slice(0, 80), ...Array.from({ length: 20 }, (_, index) => `${topicWords[80 + index]} ${topicWords[100 + index]}`)];
  const priorities: (TicketPriority | undefined)[] = ['urgent', 'high', 'normal', 'normal', 'low', undefined];
  const customers = new Map<string, Customer>();
  for (let index = 0; index < 10_000; index++) {
    customers.set(`c${index}`, { id: `c${index}`, tenantId: 'bench', name: `Customer ${index}`, ltv: Math.round(next() * 8000), churnRisk: next() });
  }
  // Words joined once, not appended one by one: appending leaves each text a rope of ~80 V8
  // cons-strings until it is first read, ≈ 3 KB per ticket, which ran the million-ticket inbox
  // out of heap. The words and their order are the same either way.
  const sentence = (length: number): string => {
    const words = [pick(vocabulary)];
    let size = words[0]!.length;
    while (size < length) {
      const word = pick(vocabulary);
      words.push(word);
      size += word.length + 1;
    }
    return words.join(' ');
  };
  const tickets: Ticket[] = [];
  for (let index = 0; index < count; index++) {
    // Realistic support-ticket bodies: 300 to 600 characters.
    let body = sentence(300 + Math.floor(next() * 301));
    // About 3% of tickets mention an alert topic, some in capitals, anywhere in the body (between words).
    if (next() < 0.03) {
      const at = body.indexOf(' ', Math.floor(next() * (body.length - 20)));
      const keyword = next() < 0.5 ? pick(keywords) : pick(keywords).toUpperCase();
      body = at === -1 ? `${body} ${keyword}` : `${body.slice(0, at)} ${keyword}${body.slice(at)}`;
    }
    tickets.push({
      id: `t${index}`,
      tenantId: 'bench',
      customerId: next() < 0.95 ? `c${Math.floor(next() * 10_000)}` : undefined,
      channel: pick(['email', 'sms', 'chat', 'phone'] as const),
      status: next() < 0.9 ? 'open' : 'closed',
      priority: pick(priorities),
      subject: sentence(30),
      body,
      tags: next() < 0.3 ? [pick(['billing', 'shipping', 'returns'])] : undefined,
      sentiment: next() < 0.7 ? next() : undefined,
      createdAt: new Date(now - Math.floor(next() * 14 * 24 * 3_600_000)),
    });
  }
  return { tickets, customers, keywords };
}

/** The obvious implementation the candidate is measured against. */
function naiveTop(inbox: Inbox, scorer: Scorer, limit: number): string[] {
  const keywords = inbox.keywords.map((keyword) => keyword.toLowerCase());
  const scored: { ticket: Ticket; score: number; created: number }[] = [];
  for (const ticket of inbox.tickets) {
    if (ticket.status !== 'open') continue;
    const text = `${ticket.subject} ${ticket.body} ${(ticket.tags ?? []).join(' ')}`.toLowerCase();
    const matches = keywords.filter((keyword) => text.includes(keyword));
    const customer = ticket.customerId === undefined ? undefined : inbox.customers.get(ticket.customerId);
    scored.push({ ticket, score: scorer.score({ ticket, customer, now, topicAlertMatches: matches }), created: ticket.createdAt.getTime() });
  }
  scored.sort((left, right) => right.score - left.score || left.created - right.created || (left.ticket.id < right.ticket.id ? -1 : 1));
  return scored.slice(0, limit).map((entry) => entry.ticket.id);
}

async function measure(count: number, options: { iterations: number; time: number }): Promise<Record<string, string | number>[]> {
  const inbox = makeInbox(count);
  const scorer = createScorer();
  const alertText = inbox.keywords.join(',');
  const candidate = (): string[] =>
    rankTickets({ tickets: inbox.tickets, customers: inbox.customers, scorer, now, topicAlerts: alertText, limit: 50 }).tickets.map((ticket) => ticket.id);
  const agree = JSON.stringify(candidate()) === JSON.stringify(naiveTop(inbox, scorer, 50));
  const matches = rankTickets({ tickets: inbox.tickets, customers: inbox.customers, scorer, now, topicAlerts: alertText, limit: 1 }).matches;

  // CPU time of this process, not wall time: the bench machine is shared, and waiting for a core
  // is not work. It includes garbage-collector threads, which is work the task caused.
  const cpuNow = (): number => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const bench = new Bench({ time: options.time, iterations: options.iterations, warmupIterations: 1, warmupTime: 0, now: cpuNow });
  bench
    .add('rankTickets (Aho–Corasick + heap top-50)', candidate)
    .add('rankTickets without alerts (scoring + heap only)', () =>
      rankTickets({ tickets: inbox.tickets, customers: inbox.customers, scorer, now, limit: 50 }),
    )
    .add('baseline (includes per keyword + full sort)', () => naiveTop(inbox, scorer, 50));
  await bench.run();
  const baselineMs = bench.tasks[2]!.result!.latency.mean;
  return bench.tasks.map((task) => ({
    tickets: count.toLocaleString('en-US'),
    task: task.name,
    'mean CPU ms': Number(task.result!.latency.mean.toFixed(1)),
    'p50 CPU ms': Number((task.result!.latency.p50 ?? Number.NaN).toFixed(1)),
    'baseline / task': Number((baselineMs / task.result!.latency.mean).toFixed(2)),
    'alert matches': matches,
    'same top 50': agree ? 'yes' : 'NO',
  }));
}

export async function run(): Promise<void> {
  console.log('100 topic-alert keywords (80 words, 20 phrases); ticket bodies of 300–600 characters (mean ≈ 450) plus a ~30-character subject; ~90% open; top 50 selected; times are process CPU time.');
  console.table(await measure(100_000, { iterations: 15, time: 2000 }));
  if (!process.env.SKIP_MILLION) console.table(await measure(1_000_000, { iterations: 2, time: 0 }));
}
