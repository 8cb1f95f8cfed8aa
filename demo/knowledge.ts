/**
 * Demo section: answers from the help center (issue 21). A memory knowledge source holds the
 * sample help center; the assistant's `company_assistant` sessions answer from it with `[n]`
 * citations, and decline what it does not cover. Offline, a small stand-in model answers from the
 * passages crmkit sent (its first passage's opening sentences, cited [1]).
 */
import { createCrmAssistant, createMemoryKnowledgeSource } from '../src/index.js';
import { createSampleHelpCenter, fake, type FakeScript, type RecordedRequest } from '../src/testing/index.js';
import { scriptedModel } from './scripted-model.js';
import { color, facts, quote, section } from './terminal.js';
import type { DemoWiring } from './wiring.js';

function lastUserText(request: RecordedRequest): string {
  const messages = ((request.body ?? {}) as { messages?: { role?: string; content?: unknown }[] }).messages ?? [];
  const content = messages.filter((message) => message.role === 'user').at(-1)?.content;
  if (typeof content === 'string') return content;
  return Array.isArray(content) ? content.map((part) => (part && typeof part === 'object' && 'text' in part ? String((part as { text: unknown }).text) : '')).join('') : '';
}

/** Answers a grounded-answer prompt from its first passage; anything else goes to the demo's usual model. */
const groundedModel: FakeScript = (request) => {
  const passage = /<untrusted_\w+ source="passage \[1\]">\n[\s\S]*?\n\n([\s\S]*?)\n<\/untrusted_\w+>/.exec(lastUserText(request));
  if (!passage) return scriptedModel(request);
  const sentences = passage[1]!.replace(/\s+/g, ' ').match(/[^.!?]+[.!?]/g) ?? [passage[1]!];
  return fake.reply(`${sentences.slice(0, 2).join('').trim()} [1]`);
};

export async function knowledge(wiring: DemoWiring, number: number, tenantId: string, signal: AbortSignal): Promise<void> {
  section(number, 'Answers from the help center', 'assistant.send() on a company_assistant session — grounded, cited, or declined');
  const source = createMemoryKnowledgeSource();
  const help = createSampleHelpCenter();
  const indexed = await source.index(tenantId, help.articles, { signal });
  console.log(color.dim(`  ${indexed.documents} help-center articles indexed as ${indexed.passages} passages (memory source, MiniSearch BM25).`));
  const assistant = createCrmAssistant({ provider: wiring.chain, budget: false, knowledge: { source, company: 'Example Shop' } });
  wiring.fakeServer?.script(groundedModel);
  try {
    for (const message of ['How long does a refund take to reach my bank?', 'Do you have a physical store in Paris?']) {
      console.log(`\n  ${color.bold('Visitor:')} ${message}`);
      const reply = await assistant.send({ tenantId, userId: 'visitor-1', message, sessionType: 'company_assistant', signal });
      quote(reply.reply);
      const grounded = reply.knowledge;
      if (grounded?.answered) {
        for (const citation of grounded.citations) console.log(`  ${color.cyan(`[${citation.marker}]`)} ${citation.title} ${color.dim(citation.url ?? '')}`);
      }
      facts([
        ['answered', grounded?.answered ? color.green('yes, from the articles') : color.yellow(`no (${grounded?.noAnswer?.reason ?? 'unknown'}) — offered a hand-over`)],
        ['answered by', `${reply.provider}${reply.degraded ? color.yellow(' (rule-based)') : ''}`],
      ]);
    }
  } finally {
    wiring.fakeServer?.script(scriptedModel);
  }
}
