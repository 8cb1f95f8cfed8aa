import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ProviderError } from '../core/errors.js';
import { CitationError } from '../core/knowledge/citation-error.js';
import type { KnowledgeSource } from '../core/knowledge/knowledge-source.js';
import { createMemoryKnowledgeSource } from '../adapters/memory/create-memory-knowledge-source.js';
import { createMockProvider } from '../testing/mock-provider.js';
import { createSampleHelpCenter } from '../testing/sample-help-center.js';
import { createFallbackChain } from '../providers/resilience/create-fallback-chain.js';
import { createRuleBasedResponder } from '../fallback/create-rule-based-responder.js';
import { answerFromKnowledge } from './answer-from-knowledge.js';

const knowledge = createMemoryKnowledgeSource();
const tenantId = 'acme';
const question = 'How long does a refund take to reach my bank?';

beforeAll(async () => {
  await knowledge.index(tenantId, createSampleHelpCenter().articles);
});

const lastUserMessage = (provider: ReturnType<typeof createMockProvider>, call: number): string => {
  const messages = provider.calls[call]!.request.messages;
  return messages[messages.length - 1]!.content;
};

describe('answerFromKnowledge', () => {
  it('answers with [n] citations mapped to the retrieved articles', async () => {
    const provider = createMockProvider({ reply: 'Refunds appear within 5 to 7 business days [1].' });
    const answer = await answerFromKnowledge({ knowledge, provider, tenantId, question });
    expect(answer).toMatchObject({ answered: true, repaired: false, degraded: false, provider: 'mock', text: 'Refunds appear within 5 to 7 business days [1].' });
    expect(answer.citations).toEqual([{ marker: 1, documentId: 'refund-timing', passageId: expect.stringMatching(/^refund-timing#/), title: 'When will I get my refund?', url: 'https://help.example.com/articles/refund-timing' }]);
    expect(provider.calls).toHaveLength(1);
    expect(lastUserMessage(provider, 0)).toMatch(/source="passage \[1\]">\nTitle: When will I get my refund\?/);
  });

  it('gives an answer citing an invented passage one repair turn that names it', async () => {
    const provider = createMockProvider({ script: ['Refunds take 5 to 7 days [1]. You also get a bonus voucher [9].', 'Refunds take 5 to 7 days [1].'] });
    const answer = await answerFromKnowledge({ knowledge, provider, tenantId, question });
    expect(answer).toMatchObject({ answered: true, repaired: true, droppedClaims: 0, text: 'Refunds take 5 to 7 days [1].' });
    expect(provider.calls).toHaveLength(2);
    expect(lastUserMessage(provider, 1)).toMatch(/cites \[9\], which is not among the passages \[1\] to \[\d\]/);
    expect(provider.calls[1]!.request.messages.at(-2)).toEqual({ role: 'assistant', content: 'Refunds take 5 to 7 days [1]. You also get a bonus voucher [9].' });
    expect(answer.usage.totalTokens).toBeGreaterThan(0);
  });

  it('drops the claims still citing an invented passage after the repair turn', async () => {
    const provider = createMockProvider({ reply: 'Refunds take 5 to 7 days [1]. We also refund shipping twice [8].' });
    const answer = await answerFromKnowledge({ knowledge, provider, tenantId, question });
    expect(answer).toMatchObject({ answered: true, repaired: true, droppedClaims: 1, text: 'Refunds take 5 to 7 days [1].' });
    expect(answer.citations.map((citation) => citation.marker)).toEqual([1]);
  });

  it("fails with a CitationError when asked to, instead of dropping claims", async () => {
    const provider = createMockProvider({ reply: 'Refunds are instant [6].' });
    const error = await answerFromKnowledge({ knowledge, provider, tenantId, question, invalidCitations: 'fail' }).catch((caught: unknown) => caught);
    expect(CitationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'invalid_citations', invented: [6] });
    expect(JSON.stringify(error)).not.toContain('instant');
  });

  it('declines when no claim keeps a valid citation, or the answer cites nothing even after the repair turn', async () => {
    for (const reply of ['Refunds are instant [6].', 'Refunds are instant.']) {
      const provider = createMockProvider({ reply });
      const answer = await answerFromKnowledge({ knowledge, provider, tenantId, question });
      expect(answer).toMatchObject({ answered: false, citations: [], noAnswer: { reason: 'unsupported' } });
      expect(answer.text).toBe("I couldn't find that in our help center. Would you like me to pass your question to our support team?");
      expect(provider.calls).toHaveLength(2);
    }
  });

  it('returns the configured no-answer reply and escalation when the model says the passages do not answer', async () => {
    for (const reply of ['**NO_ANSWER**.', 'NO_ANSWER — the passages do not say.']) {
      const declined = await answerFromKnowledge({ knowledge, provider: createMockProvider({ reply }), tenantId, question });
      expect(declined.noAnswer?.reason).toBe('model_declined');
    }
    const provider = createMockProvider({ reply: 'NO_ANSWER' });
    const answer = await answerFromKnowledge({ knowledge, provider, tenantId, question: 'Who is the CEO of the company?', noAnswerReply: 'Our help center does not cover that.', escalationReply: 'Shall I ask a colleague?' });
    expect(answer).toMatchObject({ answered: false, text: 'Our help center does not cover that. Shall I ask a colleague?', noAnswer: { reason: 'model_declined', escalation: 'Shall I ask a colleague?' } });
  });

  it('declines without calling the model when retrieval finds nothing, or nothing relevant enough', async () => {
    const provider = createMockProvider({ reply: 'should not be called [1]' });
    expect((await answerFromKnowledge({ knowledge, provider, tenantId, question: 'Do you have a physical store in Paris?' })).noAnswer?.reason).toBe('no_match');
    expect((await answerFromKnowledge({ knowledge, provider, tenantId, question: 'Is there a mobile hotspot add-on for travel abroad with roaming?', minCoverage: 0.5 })).noAnswer?.reason).toBe('weak_match');
    expect(provider.calls).toHaveLength(0);
  });

  it('answers with the best passage, its title and link, marked degraded, when there is no model', async () => {
    const answer = await answerFromKnowledge({ knowledge, tenantId, question });
    expect(answer).toMatchObject({ answered: true, degraded: true, degradedReason: 'no model configured', provider: 'rules' });
    expect(answer.text).toMatch(/^From our help center, "When will I get my refund\?" \(Refund times\): .*5 to 7 business days.* \[1\]\nRead more: https:\/\/help\.example\.com\/articles\/refund-timing$/s);
    expect(answer.citations[0]?.documentId).toBe('refund-timing');
  });

  it('falls back to the best passage when every model fails, and reports the failure', async () => {
    const onError = vi.fn();
    const provider = createMockProvider({ reply: { fail: 'overloaded' } });
    const answer = await answerFromKnowledge({ knowledge, provider, tenantId, question, onError });
    expect(answer).toMatchObject({ answered: true, degraded: true, degradedReason: 'model unavailable (overloaded)' });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ kind: 'overloaded' }), 'model');
  });

  it("replaces a fallback chain's rule-based reply, which is not grounded, with the best passage", async () => {
    const chain = createFallbackChain([createMockProvider({ reply: { fail: 'server' } })], { degraded: createRuleBasedResponder() });
    const answer = await answerFromKnowledge({ knowledge, provider: chain, tenantId, question });
    expect(answer).toMatchObject({ answered: true, degraded: true, provider: 'rules', citations: [expect.objectContaining({ documentId: 'refund-timing' })] });
    expect(answer.text).toMatch(/^From our help center, "When will I get my refund\?"/);
  });

  it('declines, degraded, when the knowledge source fails', async () => {
    const broken: KnowledgeSource = { index: async () => ({ documents: 0, passages: 0 }), remove: async () => 0, search: async () => Promise.reject(new Error('connection reset')) };
    const onError = vi.fn();
    const answer = await answerFromKnowledge({ knowledge: broken, provider: createMockProvider({ reply: 'x [1]' }), tenantId, question, onError });
    expect(answer).toMatchObject({ answered: false, degraded: true, noAnswer: { reason: 'search_failed' } });
    expect(onError).toHaveBeenCalledWith(expect.any(Error), 'knowledge');
  });

  it('throws aborts and budget refusals instead of answering', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(answerFromKnowledge({ knowledge, provider: createMockProvider({ reply: 'x [1]' }), tenantId, question, signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
    const budget = createMockProvider({ reply: new ProviderError('over budget', { kind: 'budget_exceeded' }) });
    await expect(answerFromKnowledge({ knowledge, provider: budget, tenantId, question })).rejects.toMatchObject({ kind: 'budget_exceeded' });
  });

  it('validates its input, naming the field', async () => {
    await expect(answerFromKnowledge({ knowledge, tenantId, question: ' ' })).rejects.toThrow(/question/);
    await expect(answerFromKnowledge({ knowledge, tenantId, question, minCoverage: 2 })).rejects.toThrow(/minCoverage/);
    await expect(answerFromKnowledge({ knowledge: {} as KnowledgeSource, tenantId, question })).rejects.toThrow(/`knowledge`/);
  });

  it('keeps the conversation so far, with the customer turns as untrusted blocks', async () => {
    const provider = createMockProvider({ reply: 'Yes, 5 to 7 business days [1].' });
    await answerFromKnowledge({ knowledge, provider, tenantId, question, history: [{ role: 'user', content: 'I returned shoes' }, { role: 'assistant', content: 'Thanks!' }] });
    const messages = provider.calls[0]!.request.messages;
    expect(messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[1]!.content).toMatch(/^<untrusted_[a-z0-9]+ source="history">\nI returned shoes\n/);
  });
});
