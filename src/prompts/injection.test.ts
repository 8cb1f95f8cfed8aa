import { describe, expect, it } from 'vitest';
import type { AnalysisType } from '../core/analysis.js';
import type { Channel } from '../core/domain.js';
import { injectionCorpus } from './__fixtures__/injection-corpus.js';
import { skeletonOf, skeletonWord } from './confusable-skeleton.js';
import { createAnalysisPrompt } from './analysis-prompt.js';
import { createCompanyAssistantPrompt } from './company-assistant-prompt.js';
import { createCrmQueryPrompt } from './crm-query-prompt.js';
import type { RenderedPrompt, RenderOptions } from './define-prompt.js';
import { createReplyDraftPrompt } from './reply-draft-prompt.js';
import { createSessionPrompt, type SessionType } from './session-prompt.js';

// A fixed nonce the corpus knows ('iiiiiiiiiiii'): forging it must fail anyway.
const options: RenderOptions = { random: () => 0.5 };

/** Every built-in prompt, with the payload in every field a customer can write. */
const scenarios: Record<string, (text: string) => RenderedPrompt> = {
  'crm-query': (text) =>
    createCrmQueryPrompt().render(
      { question: text, filter: 'today', totalRecords: 3, leadStatusCounts: { New: 1, 'Follow-up': 2 }, memberIds: ['MID-2025-11-03-11592', 'MID-2025-11-03-8253'] },
      options,
    ),
  'company-assistant': (text) =>
    createCompanyAssistantPrompt({ knowledge: { company: 'AtonixDev', services: ['DevOps'] } }).render(
      { message: text, history: [{ role: 'user', content: text }, { role: 'assistant', content: 'How can I help?' }, { role: 'user', content: text }] },
      options,
    ),
  ...Object.fromEntries(
    (['customer_support', 'admin_assistant', 'network_diagnostics', 'analytics'] as SessionType[]).map((sessionType) => [
      `session.${sessionType}`,
      (text: string) =>
        createSessionPrompt({ sessionType }).render(
          {
            message: text,
            history: [{ role: 'user', content: text }, { role: 'assistant', content: 'Sure.' }],
            context: { userRole: text, department: text, currentPage: text, currentAction: text, tenant: text, environment: text, subscriberId: text },
          },
          options,
        ),
    ]),
  ),
  ...Object.fromEntries(
    (['email', 'sms', 'chat', 'phone'] as Channel[]).map((channel) => [
      `reply-draft.${channel}`,
      (text: string) =>
        createReplyDraftPrompt({ companyName: 'Acme' }).render(
          {
            channel,
            message: text,
            subject: text,
            customer: { name: text, vip: true, ltv: 3500, churnRisk: 0.8, totalOrders: 18 },
            order: { number: '54321', totalCents: 15699, status: 'in_transit' },
            tracking: { status: 'in_transit', description: 'No updates for 5 days' },
            pastTickets: [
              { subject: text, body: text, status: 'resolved', resolution: 'Refunded shipping' },
              { subject: 'Late order', body: text },
            ],
            agentName: 'Ava',
          },
          options,
        ),
    ]),
  ),
  ...Object.fromEntries(
    (['sentiment', 'intent', 'entities', 'priority'] as AnalysisType[]).map((type) => [
      `analysis.${type}`,
      (text: string) => createAnalysisPrompt({ type }).render({ message: text, context: text }, options),
    ]),
  ),
};

const invisible = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]|[\u{e0000}-\u{e007f}]/u;
const forbiddenInside: readonly [string, RegExp][] = [
  ['a boundary tag', /<\s*\/?\s*untrusted/i],
  ['a ChatML / Llama 3 special token', /<\|/],
  ['an [INST] marker', /\[\s*\/?\s*(INST|SYS|SYSTEM)\s*\]/i],
  ['a <<SYS>> marker', /<<\s*\/?\s*SYS/i],
  ['an <s> token', /<\s*\/?\s*s\s*>/i],
  ['a role tag', /<\s*\/?\s*(system|assistant|user|human|developer|tool|instructions?|start_of_turn|end_of_turn)\b/i],
  ['a role label at a line start', /^[ \t>*_]*(human|assistant|system|user|ai|developer|bot|model|operator|admin(istrator)?)[*_ \t]*:/im],
  ['a heading at a line start', /^[ \t>]*#{1,6}([ \t]|$)/m],
  ['an invisible or bidi character', invisible],
  // eslint-disable-next-line no-control-regex -- control characters are the point
  ['a control character', /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/],
];

// The same checks on the confusable skeleton (UTS #39): "Ѕуѕtеm:" or "S̲ystem꞉" is as much a
// role label as "System:". Names are skeletons too (l folds into i: "tool" → "tooi").
const names = (words: readonly string[]): string => words.map(skeletonWord).join('|');
const forbiddenOnSkeleton: readonly [string, RegExp][] = [
  ['a confusable role label at a line start', new RegExp(`^[ \\t>*_]*(?:${names(['human', 'assistant', 'system', 'user', 'ai', 'developer', 'bot', 'model', 'operator', 'administrator', 'admin', 'tool', 'function', 'ipython'])})[*_ \\t]*:`, 'm')],
  ['a confusable bracket marker', new RegExp(`\\[\\s*\\/?\\s*(?:${names(['inst', 'sys', 'system', 'system_prompt', 'tool_calls', 'available_tools', 'tool_results'])})\\s*\\]`)],
];

// A tag opener on the skeleton is fine only where the text holds the defused `‹` (itself a
// confusable of `<`, so the skeleton cannot tell them apart; the text can).
const confusableTag = new RegExp(`<(?=\\s*\\/?\\s*(?:\\||untrusted|${names(['system', 'assistant', 'user', 'function_calls', 'function_results', 'invoke', 'parameter', 'tool_call', 'tool_response', 'bos', 'eos', 'pad', 'think', 'start_of_turn'])}))`, 'g');

interface Anatomy {
  /** Every message with each block's content replaced by a marker. */
  readonly skeleton: string;
  readonly contents: readonly string[];
}

function anatomy(rendered: RenderedPrompt): Anatomy {
  const tag = `untrusted_${rendered.nonce}`;
  const block = new RegExp(`<${tag} source="[a-z_]+">\\n([\\s\\S]*?)\\n</${tag}>`, 'g');
  const contents: string[] = [];
  const skeleton = rendered.messages
    .map((message) => `[${message.role}]\n${message.content.replace(block, (_match, content: string) => (contents.push(content), '<BLOCK/>'))}`)
    .join('\n');
  return { skeleton, contents };
}

describe('injection corpus', () => {
  it('has at least 200 payloads across every category', () => {
    expect(injectionCorpus.length).toBeGreaterThanOrEqual(200);
    expect(new Set(injectionCorpus.map((payload) => payload.category))).toEqual(
      new Set(['delimiter_forgery', 'role_marker', 'template_syntax', 'unicode', 'base64', 'multilingual', 'confusable', 'control_syntax']),
    );
  });

  describe.each(Object.entries(scenarios))('%s', (_name, render) => {
    const benign = anatomy(render('Where is my order? It was due on Monday.'));

    it('renders every payload inside its blocks only: same skeleton as a benign message, nothing structural inside', () => {
      const escapes: string[] = [];
      for (const payload of injectionCorpus) {
        const rendered = anatomy(render(payload.text));
        if (rendered.skeleton !== benign.skeleton) {
          escapes.push(`${payload.id}: text outside a block or a forged/missing boundary`);
          continue;
        }
        for (const content of rendered.contents) {
          for (const [what, pattern] of forbiddenInside) if (pattern.test(content)) escapes.push(`${payload.id}: ${what} inside a block`);
          const skeleton = skeletonOf(content);
          for (const [what, pattern] of forbiddenOnSkeleton) if (pattern.test(skeleton.text)) escapes.push(`${payload.id}: ${what} inside a block`);
          for (const match of skeleton.text.matchAll(confusableTag)) {
            if (content[skeleton.offsets[match.index] as number] !== '‹') escapes.push(`${payload.id}: a confusable tag inside a block`);
          }
          if (content.normalize('NFKC') !== content) escapes.push(`${payload.id}: look-alike characters not normalised`);
        }
      }
      expect(escapes).toEqual([]);
    });

    it('places the benign message in a block and nowhere else', () => {
      expect(benign.contents.some((content) => content.includes('Where is my order?'))).toBe(true);
      expect(benign.skeleton).not.toContain('Where is my order?');
    });
  });
});
