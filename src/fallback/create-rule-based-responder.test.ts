import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { intentSchema, messageAnalysisSchema, sentimentSchema } from '../core/analysis.js';
import { ProviderError, ValidationError } from '../core/errors.js';
import { createContentFilter } from './create-content-filter.js';
import { createRuleBasedResponder } from './create-rule-based-responder.js';

const clock = { now: () => Date.UTC(2025, 10, 21, 12) };
const seedPrompt = `CRM Data Context:
Total records: 3
Filter applied: all
Lead statuses: New: 1, Follow-up: 2

Relevant Member IDs:
MID-2025-11-03-11592 | Follow-up | 2025-11-18
MID-2025-11-03-8253 | New | 2025-11-21
MID-2025-11-04-38351 | Follow-up | 2025-11-25

User Question: Which members should I prioritise and why?`;

describe('createRuleBasedResponder', () => {
  it('answers like a provider, marked degraded with zero approximate usage', async () => {
    let tick = 0;
    const rules = createRuleBasedResponder({ clock, now: () => (tick += 0.25), degradedReason: 'all providers down' });
    const result = await rules.generate({ messages: [{ role: 'system', content: 'You are a CRM assistant.' }, { role: 'user', content: seedPrompt }] });
    expect(result).toMatchObject({
      provider: 'rules',
      model: 'rules-v1',
      degraded: true,
      degradedReason: 'all providers down',
      finishReason: 'stop',
      usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0, approximate: true },
      costMicros: 0,
      latencyMs: 0.25,
      attempts: [{ provider: 'rules', model: 'rules-v1', ok: true, durationMs: 0.25 }],
    });
    expect(result.text).toMatch(/^Prioritise these 3 members: 1\. MID-2025-11-03-11592 \(overdue by 3 days, Follow-up\); 2\. MID-2025-11-03-8253 \(due today, New\)/);
  });

  it('answers from a given context, or one found per request', async () => {
    const context = { total: 2, filter: 'today', memberIds: ['MID-2025-11-03-11592', 'MID-2025-11-03-8253'], statusBreakdown: { New: 1, 'Follow-up': 1 } };
    const fixed = createRuleBasedResponder({ context, clock });
    const { text } = await fixed.generate({ messages: [{ role: 'user', content: 'Who do I need to follow up today?' }] });
    expect(text).toBe('2 members need follow-up today: MID-2025-11-03-11592 and MID-2025-11-03-8253. By status: Follow-up 1, New 1.');
    const perRequest = createRuleBasedResponder({ context: (request) => (request.metadata?.tenantId === 'care' ? context : undefined), mode: 'crm' });
    expect((await perRequest.generate({ messages: [{ role: 'user', content: 'How many?' }], metadata: { tenantId: 'care' } })).text).toMatch(/^2 members need follow-up today/);
    expect((await perRequest.generate({ messages: [{ role: 'user', content: 'How many?' }], metadata: { tenantId: 'other' } })).text).toMatch(/CRM data isn't available/);
  });

  it('drafts a support reply when there is no CRM data', async () => {
    const rules = createRuleBasedResponder({ channel: 'sms', draft: { companyName: 'Acme' } });
    const { text } = await rules.generate({ messages: [{ role: 'user', content: 'My parcel arrived broken' }] });
    expect(text).toBe('Hi there, so sorry it arrived damaged. Reply REPLACE or REFUND and we will sort it free of charge. - Acme');
  });

  it('fills analysis schemas with source "rules", and refuses others', async () => {
    const rules = createRuleBasedResponder();
    const messages = [{ role: 'user' as const, content: 'I want a refund for order #54321, this is unacceptable!' }];
    const analysis = await rules.generate({ messages, schema: messageAnalysisSchema });
    expect(analysis.object.source).toBe('rules');
    expect(analysis.object.intent?.intent).toBe('refund');
    expect(JSON.parse(analysis.text)).toEqual(analysis.object);
    expect((await rules.generate({ messages, schema: sentimentSchema })).object.label).toBe('negative');
    expect((await rules.generate({ messages, schema: intentSchema })).object.intent).toBe('refund');
    await expect(rules.generate({ messages, schema: z.object({ poem: z.string() }) })).rejects.toMatchObject({ kind: 'invalid_request', retryable: false });
  });

  it('streams the same answer in word-sized deltas', async () => {
    const rules = createRuleBasedResponder({ clock });
    const request = { messages: [{ role: 'user' as const, content: seedPrompt }] };
    const stream = rules.stream(request);
    const deltas: string[] = [];
    for await (const delta of stream) deltas.push(delta);
    expect(deltas.length).toBeGreaterThan(10);
    expect(deltas.join('')).toBe((await rules.generate(request)).text);
    expect(await stream.result).toMatchObject({ degraded: true, provider: 'rules', finishReason: 'stop' });
  });

  it('answers filtered content with the safe reply', async () => {
    const contentFilter = createContentFilter({ safeReply: 'Please keep it civil.' });
    const rules = createRuleBasedResponder({ contentFilter });
    const result = await rules.generate({ messages: [{ role: 'user', content: 'I will find you and hurt you' }] });
    expect(result).toMatchObject({ text: 'Please keep it civil.', finishReason: 'content_filter', degraded: true });
  });

  it('honours an aborted signal', async () => {
    const rules = createRuleBasedResponder();
    const controller = new AbortController();
    controller.abort();
    await expect(rules.generate({ messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
    const stream = rules.stream({ messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal });
    await expect(stream.result).rejects.toBeInstanceOf(ProviderError);
  });

  it('rejects a request without messages as invalid_request', async () => {
    await expect(createRuleBasedResponder().generate({ messages: [] })).rejects.toMatchObject({ kind: 'invalid_request' });
  });

  it('validates its options, naming each field', () => {
    expect(() => createRuleBasedResponder({ mode: 'magic' as never, timeZone: 'Mars/Olympus' })).toThrow(ValidationError);
    expect(() => createRuleBasedResponder({ mode: 'magic' as never, timeZone: 'Mars/Olympus' })).toThrow(/mode[\s\S]*timeZone/);
  });

  it('uses the host time zone to decide "today"', async () => {
    const context = {
      total: 1,
      filter: 'all',
      memberIds: ['MID-2025-11-03-11592'],
      statusBreakdown: { New: 1 },
      members: [{ id: 'MID-2025-11-03-11592', leadStatus: 'New', followUpDate: '2025-11-22' }],
    };
    // 23:30 UTC on the 21st is already the 22nd in Tokyo.
    const late = { now: () => Date.UTC(2025, 10, 21, 23, 30) };
    const tokyo = createRuleBasedResponder({ context, clock: late, timeZone: 'Asia/Tokyo' });
    const utc = createRuleBasedResponder({ context, clock: late });
    const ask = { messages: [{ role: 'user' as const, content: 'Who is due today?' }] };
    expect((await tokyo.generate(ask)).text).toMatch(/^1 member needs follow-up today/);
    expect((await utc.generate(ask)).text).toMatch(/^No members need follow-up today/);
  });
});
