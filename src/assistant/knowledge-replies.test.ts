import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAIProvider } from '../providers/openai/index.js';
import { createMemoryKnowledgeSource } from '../adapters/memory/create-memory-knowledge-source.js';
import { createMemoryConversationStore } from '../adapters/memory/create-memory-conversation-store.js';
import { ProviderError, ValidationError } from '../core/errors.js';
import type { KnowledgeSource } from '../core/knowledge/knowledge-source.js';
import { createFakeProviderServer, fake, type FakeProviderServer } from '../testing/fake-provider-server/index.js';
import { createSampleHelpCenter } from '../testing/sample-help-center.js';
import type { Provider } from '../core/types.js';
import { createCrmAssistant } from './create-crm-assistant.js';

const tenantId = 'demo';
const help = createSampleHelpCenter();
let server: FakeProviderServer;
let provider: Provider;
let knowledge: KnowledgeSource;

beforeAll(async () => {
  server = await createFakeProviderServer();
  provider = createOpenAIProvider({ apiKey: 'sk-test-knowledge', baseURL: server.openaiBaseURL });
  knowledge = createMemoryKnowledgeSource();
  await knowledge.index(tenantId, help.articles);
});
afterAll(async () => server.close());
beforeEach(() => server.reset());

const build = (options: { provider?: Provider | undefined } = { provider: undefined }) => {
  const conversations = createMemoryConversationStore();
  const assistant = createCrmAssistant({ ...(options.provider ? { provider: options.provider } : {}), budget: false, conversations, knowledge: { source: knowledge, company: 'Example Shop' } });
  return { assistant, conversations };
};

describe('assistant chat sessions grounded in the knowledge source (issue 21)', () => {
  it("answers seed 001's company_assistant session from the help center, with citations, and stores them", async () => {
    server.enqueue(fake.reply('Standard delivery takes 3 to 5 business days [1].'));
    const { assistant, conversations } = build({ provider });
    const result = await assistant.send({ tenantId, userId: 'visitor-1', message: 'How many days does standard delivery take?', sessionType: 'company_assistant' });
    expect(result).toMatchObject({ reply: 'Standard delivery takes 3 to 5 business days [1].', degraded: false, provider: 'openai', knowledge: { answered: true } });
    expect(result.knowledge?.citations).toEqual([expect.objectContaining({ marker: 1, documentId: 'shipping-times', url: 'https://help.example.com/articles/shipping-times' })]);
    const body = JSON.stringify(server.requests[0]?.body);
    expect(body).toContain('help-center assistant of Example Shop');
    expect(body).toMatch(/source=\\"passage \[1\]\\"/);
    const stored = await conversations.history(tenantId, result.sessionId, { limit: 10 });
    expect(stored.messages.at(-1)?.metadata).toMatchObject({ knowledge: { answered: true, citations: [expect.objectContaining({ documentId: 'shipping-times' })] } });
  });

  it('declines a question the help center does not cover, suggesting escalation, without calling the model', async () => {
    const { assistant } = build({ provider });
    const result = await assistant.send({ tenantId, userId: 'visitor-1', message: 'Do you have a physical store in Paris?', sessionType: 'customer_support' });
    expect(result.reply).toBe("I couldn't find that in our help center. Would you like me to pass your question to our support team?");
    expect(result.knowledge).toEqual({ answered: false, citations: [], noAnswer: { reason: 'no_match', escalation: 'Would you like me to pass your question to our support team?' } });
    expect(server.requests).toHaveLength(0);
  });

  it('streams a grounded reply once its citations are checked, and resolves them on stream.knowledge', async () => {
    server.enqueue(fake.reply('Cancel from Orders until it is packed [1].'));
    const { assistant } = build({ provider });
    const stream = await assistant.stream({ tenantId, userId: 'u1', message: 'I ordered by mistake, can I cancel the order?', sessionType: 'company_assistant' });
    const deltas: string[] = [];
    for await (const delta of stream) deltas.push(delta);
    expect(deltas).toEqual(['Cancel from Orders until it is packed [1].']);
    expect((await stream.knowledge)?.citations[0]?.documentId).toBe('cancel-order');
    expect((await stream.result).provider).toBe('openai');
  });

  it('answers with the best passage, title and link, degraded, when the model is down', async () => {
    server.enqueue(fake.fault('server'), fake.fault('server'), fake.fault('server'));
    const { assistant } = build({ provider });
    const result = await assistant.send({ tenantId, userId: 'u1', message: 'Where is the default wifi password?', sessionType: 'company_assistant' });
    expect(result).toMatchObject({ degraded: true, provider: 'rules', knowledge: { answered: true } });
    expect(result.reply).toMatch(/^From our help center, "Set up your router".*\[1\]\nRead more: https:\/\/help\.example\.com\/articles\/router-setup$/s);
  });

  it('leaves session types outside knowledge.sessionTypes on their own prompts', async () => {
    server.enqueue(fake.reply('Open Settings, then Users.'));
    const { assistant } = build({ provider });
    const result = await assistant.send({ tenantId, userId: 'agent', message: 'How do I add a user?', sessionType: 'admin_assistant' });
    expect(result.knowledge).toBeUndefined();
    expect(JSON.stringify(server.requests[0]?.body)).not.toContain('help-center assistant');
  });

  it("answers ask({ from: 'knowledge' }) from the help center with citations", async () => {
    server.enqueue(fake.reply('Open Settings, then Security, and choose Two-factor authentication [1].'));
    const { assistant } = build({ provider });
    const answer = await assistant.ask({ tenantId, query: 'How do I turn on two-factor authentication?', from: 'knowledge' });
    expect(answer).toMatchObject({ connected: true, degraded: false, memberIds: [], count: 0, knowledge: { answered: true } });
    expect(answer.knowledge?.citations[0]?.documentId).toBe('two-factor');
    const declined = await assistant.ask({ tenantId, query: 'Do you have a physical store in Paris?', from: 'knowledge' });
    expect(declined).toMatchObject({ connected: false, knowledge: { answered: false, noAnswer: { reason: 'no_match' } } });
  });

  it("degrades ask({ from: 'knowledge' }) to the best passage when the budget refuses, and needs a knowledge source", async () => {
    const refusing: Provider = { ...provider, generate: async () => Promise.reject(new ProviderError('over budget', { kind: 'budget_exceeded' })) };
    const { assistant } = build({ provider: refusing });
    const answer = await assistant.ask({ tenantId, query: 'Do reward points expire?', from: 'knowledge' });
    expect(answer).toMatchObject({ degraded: true, degradedReason: 'model unavailable (budget_exceeded)', provider: 'rules', knowledge: { answered: true } });
    await expect(createCrmAssistant().ask({ tenantId, query: 'x', from: 'knowledge' })).rejects.toThrow(/knowledge: \{ source \}/);
  });

  it('rejects a knowledge option that is not a KnowledgeSource, naming it', () => {
    expect(() => createCrmAssistant({ knowledge: { source: {} as KnowledgeSource } })).toThrow(ValidationError);
    expect(() => createCrmAssistant({ knowledge: { source: {} as KnowledgeSource } })).toThrow(/knowledge\.source|source/);
  });
});
