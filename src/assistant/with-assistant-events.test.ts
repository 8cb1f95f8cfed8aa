import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryMemberSource } from '../adapters/memory/create-memory-member-source.js';
import type { Provider } from '../core/types.js';
import { createAnthropicProvider } from '../providers/anthropic/index.js';
import { createOpenAIProvider } from '../providers/openai/index.js';
import { createFallbackChain } from '../providers/resilience/create-fallback-chain.js';
import type { ResilienceEvent } from '../providers/resilience/resilience-event.js';
import { createFakeProviderServer, fake, type FakeProviderServer } from '../testing/fake-provider-server/index.js';
import { createSampleData } from '../testing/sample-data.js';
import { createCrmAssistant } from './create-crm-assistant.js';

const sample = createSampleData({ now: new Date('2025-11-21T15:00:00Z'), timeZone: 'UTC', tenantId: 'demo' });
const clock = { now: () => sample.now.getTime() };
const tenantId = sample.tenantId;
const apiKey = 'sk-test-secret-0123456789abcdef';

let server: FakeProviderServer;
let chain: Provider;
beforeAll(async () => {
  server = await createFakeProviderServer();
  chain = createFallbackChain([createOpenAIProvider({ apiKey, baseURL: server.openaiBaseURL }), createAnthropicProvider({ apiKey, baseURL: server.anthropicBaseURL })]);
});
afterAll(async () => server.close());
beforeEach(() => server.reset());

function assistantWith(events: ResilienceEvent[], onEvent = (event: ResilienceEvent) => void events.push(event)) {
  return createCrmAssistant({ provider: chain, data: { members: createMemoryMemberSource({ members: sample.members }) }, clock, timeZone: sample.timeZone, onEvent });
}

describe('createCrmAssistant({ onEvent })', () => {
  it('reports which provider answered, after how many attempts', async () => {
    const events: ResilienceEvent[] = [];
    server.enqueue(fake.fault('overloaded'), fake.reply('Claude: 13 members today.'));
    const answer = await assistantWith(events).ask({ tenantId, query: 'Who needs follow-up today?', filter: 'today' });
    expect(answer.provider).toBe('anthropic');
    expect(events).toEqual([expect.objectContaining({ type: 'success', provider: 'anthropic', attempts: 2, degraded: false })]);
  });

  it('reports the failure kind of each provider when the answer comes from the rules, without content or keys', async () => {
    const events: ResilienceEvent[] = [];
    server.enqueue(fake.fault('auth'), fake.fault('rate_limited'));
    const answer = await assistantWith(events).ask({ tenantId, query: 'What are member IDs I need to follow up today?', filter: 'today' });
    expect(answer).toMatchObject({ connected: false, provider: 'rules' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'failure', attempts: 2 });
    expect(['auth', 'rate_limited']).toContain((events[0] as { kind: string }).kind);
    const serialised = JSON.stringify(events);
    expect(serialised).not.toContain(apiKey);
    expect(serialised).not.toContain('follow up today');
  });

  it('reports streamed chat replies too, and a throwing listener never breaks the answer', async () => {
    const events: ResilienceEvent[] = [];
    server.enqueue(fake.reply('Hello from the stream.'));
    const assistant = assistantWith(events);
    const stream = await assistant.stream({ tenantId, userId: 'u1', message: 'Hi there' });
    let text = '';
    for await (const delta of stream) text += delta;
    await stream.result;
    expect(text).toContain('Hello from the stream.');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(events).toEqual([expect.objectContaining({ type: 'success', provider: 'openai' })]);

    server.enqueue(fake.reply('Still answered.'));
    const throwing = assistantWith([], () => {
      throw new Error('listener bug');
    });
    const answer = await throwing.ask({ tenantId, query: 'Who needs follow-up today?', filter: 'today' });
    expect(answer.connected).toBe(true);
  });

  it('rejects a listener that is not a function, naming the option', () => {
    expect(() => createCrmAssistant({ onEvent: 'log' as never })).toThrow(/onEvent/);
  });
});
