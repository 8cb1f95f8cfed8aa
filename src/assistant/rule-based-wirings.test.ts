import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeProviderServer, fake, type FakeProviderServer } from '../testing/fake-provider-server/index.js';
import { createSampleData } from '../testing/sample-data.js';
import { createFallbackChain } from '../providers/resilience/create-fallback-chain.js';
import { createProviderChain } from '../providers/resilience/create-provider-chain.js';
import { createProviderChainFromEnv } from '../providers/resilience/create-provider-chain-from-env.js';
import { createOpenAIProvider } from '../providers/openai/index.js';
import { createRuleBasedResponder } from '../fallback/create-rule-based-responder.js';
import { createMemoryMemberSource } from '../adapters/memory/create-memory-member-source.js';
import type { Provider } from '../core/types.js';
import { createCrmAssistant } from './create-crm-assistant.js';

/**
 * Seed 000's example queries, every kind it lists. Every documented way of wiring the rule-based
 * fallback must give the same answer to each as `ask` without providers does, and the answers must
 * answer the question (not one generic listing for all of them).
 */
const queries = {
  simple: ['What are member IDs I need to follow up today?', 'Show me overdue follow-ups', 'How many members need follow-up this week?'],
  natural: [
    'Can you explain the current status of our elderly care leads?',
    'Which members should I prioritize for follow-up and why?',
    "Give me a summary of today's follow-up requirements",
    "What's the breakdown of lead statuses?",
  ],
  complex: ["Compare today's follow-ups with overdue ones", 'Analyze the follow-up patterns for this week', 'What insights can you provide about our CRM data?'],
} as const;
const allQueries = [...queries.simple, ...queries.natural, ...queries.complex];

const sample = createSampleData({ now: new Date('2025-11-21T15:00:00Z'), timeZone: 'Europe/London', tenantId: 'care' });
const clock = { now: () => sample.now.getTime() };
// The responder's own clock is a day off on purpose: the answer must follow the request's data.
const offClock = { now: () => sample.now.getTime() + 86_400_000 };

let server: FakeProviderServer;
beforeAll(async () => {
  server = await createFakeProviderServer();
});
afterAll(async () => server.close());
beforeEach(() => {
  server.reset();
  // Every model is down: each request gets a 500.
  server.script(() => fake.fault('server'));
});

const assistantOn = (provider?: Provider) =>
  createCrmAssistant({ ...(provider ? { provider } : {}), data: { members: createMemoryMemberSource({ members: sample.members }) }, clock, timeZone: sample.timeZone });

const failingOpenAI = () => createOpenAIProvider({ apiKey: 'sk-test', baseURL: server.openaiBaseURL });

/** Each wiring the README and docs describe, with every model failing. */
const wirings: Record<string, () => Promise<Provider | undefined>> = {
  'ask without providers': async () => undefined,
  "README: createProviderChainFromEnv(env, { fallback: createRuleBasedResponder() })": async () =>
    createProviderChainFromEnv({ OPENAI_API_KEY: 'sk-test' }, { fallback: createRuleBasedResponder({ clock: offClock }), providers: { openai: { baseURL: server.openaiBaseURL, retry: false } } }),
  'createProviderChainFromEnv with no key, rules as fallback': async () => createProviderChainFromEnv({}, { fallback: createRuleBasedResponder({ clock: offClock }) }),
  'createProviderChainFromEnv with HF_ENABLED=False, no fallback': async () => createProviderChainFromEnv({ HF_TOKEN: 'hf_test', HF_ENABLED: 'False' }),
  'createFallbackChain with the responder last': async () => createFallbackChain([failingOpenAI()], { degraded: createRuleBasedResponder({ clock: offClock }) }),
  'createProviderChain with fallback': async () =>
    createProviderChain({ providers: [{ type: 'openai', apiKey: 'sk-test', baseURL: server.openaiBaseURL, retry: false }], fallback: createRuleBasedResponder({ mode: 'crm', clock: offClock }) }),
  'the responder alone as the provider': async () => createRuleBasedResponder({ clock: offClock }),
};

describe('the rule-based answer is the same in every documented wiring (seed 000 queries)', () => {
  for (const filter of ['today', null] as const) {
    it(`filter ${String(filter)}`, async () => {
      const expected = new Map<string, string>();
      const reference = assistantOn();
      for (const query of allQueries) expected.set(query, (await reference.ask({ tenantId: 'care', query, filter })).response);

      for (const [name, build] of Object.entries(wirings)) {
        const assistant = assistantOn(await build());
        for (const query of allQueries) {
          const answer = await assistant.ask({ tenantId: 'care', query, filter });
          expect({ wiring: name, query, degraded: answer.degraded, connected: answer.connected, response: answer.response }).toEqual({
            wiring: name,
            query,
            degraded: true,
            connected: false,
            response: expected.get(query),
          });
        }
      }
    });
  }

  it('answers each question, not one generic listing', async () => {
    const assistant = assistantOn(await wirings["README: createProviderChainFromEnv(env, { fallback: createRuleBasedResponder() })"]!());
    const ask = async (query: string) => (await assistant.ask({ tenantId: 'care', query, filter: 'today' })).response;
    expect(await ask("What's the breakdown of lead statuses?")).toMatch(/^Lead status breakdown for 13 members due for follow-up today: /);
    expect(await ask('Which members should I prioritize for follow-up and why?')).toMatch(/^Prioritise these 5 members: 1\. MID-/);
    expect(await ask("Compare today's follow-ups with overdue ones")).toMatch(/due today|overdue/i);
    expect(await ask('How many members need follow-up this week?')).not.toBe(await ask("What's the breakdown of lead statuses?"));
    const distinct = new Set(await Promise.all(allQueries.map(ask)));
    expect(distinct.size).toBeGreaterThanOrEqual(6);
  });

  it('models never receive the structured context: it stays on the request, not on the wire', async () => {
    server.script(() => fake.reply('From the model: MID-2025-11-03-11592'));
    const provider = createFallbackChain([createOpenAIProvider({ apiKey: 'sk-test', baseURL: server.openaiBaseURL })], { degraded: createRuleBasedResponder() });
    const answer = await assistantOn(provider).ask({ tenantId: 'care', query: 'Who is due today?', filter: 'today' });
    expect(answer.connected).toBe(true);
    const body = JSON.stringify(server.requests[0]?.body);
    expect(body).not.toContain('fallbackContext');
    expect(body).not.toContain('statusBreakdown');
  });
});

describe('HF_ENABLED=False with no other key (seed 000)', () => {
  it('starts, answers every ask from the rules, and degradedReason says no model is enabled', async () => {
    const assistant = assistantOn(await createProviderChainFromEnv({ HF_TOKEN: 'hf_secret', HF_ENABLED: 'False' }));
    const answer = await assistant.ask({ tenantId: 'care', query: 'What are member IDs I need to follow up today?', filter: 'today' });
    expect(answer).toMatchObject({ connected: false, degraded: true, count: 13, provider: 'rules' });
    expect(answer.degradedReason).toContain('HF_ENABLED is false');
    expect(answer.degradedReason).not.toContain('hf_secret');
    const reply = await assistant.send({ tenantId: 'care', userId: 'u1', message: 'Hello?' });
    expect(reply.degradedReason).toContain('HF_ENABLED is false');
    expect(server.requests).toHaveLength(0);
  });
});
