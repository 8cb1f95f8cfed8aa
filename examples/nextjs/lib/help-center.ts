import { createMemoryKnowledgeSource, type KnowledgeSource } from 'crmkit';
import type { FakeScript, RecordedRequest } from 'crmkit/testing';

/**
 * The help center the chat answers from (issue 21). This example indexes crmkit's sample help
 * center for the demo tenant; index your own articles instead (loadMarkdownArticle,
 * loadHtmlArticle, or loadFaqDocuments from crmkit/adapters/sheets), or use
 * createPostgresKnowledgeSource from crmkit/adapters/postgres.
 */
export async function createHelpCenter(tenantId: string): Promise<KnowledgeSource> {
  const { createSampleHelpCenter } = await import('crmkit/testing');
  const source = createMemoryKnowledgeSource();
  await source.index(tenantId, createSampleHelpCenter().articles);
  return source;
}

function lastUserText(request: RecordedRequest): string {
  const messages = ((request.body ?? {}) as { messages?: { role?: string; content?: unknown }[] }).messages ?? [];
  const content = messages.filter((message) => message.role === 'user').at(-1)?.content;
  return typeof content === 'string' ? content : '';
}

/**
 * Offline only: the fake provider's stand-in for a model on grounded prompts. It answers from the
 * first passage crmkit sent (its opening sentences, cited [1]); any other prompt gets the fake
 * server's default reply. A real model does this itself.
 */
export async function groundedStandIn(): Promise<FakeScript> {
  const { fake } = await import('crmkit/testing');
  return (request) => {
    const passage = /<untrusted_\w+ source="passage \[1\]">\n[\s\S]*?\n\n([\s\S]*?)\n<\/untrusted_\w+>/.exec(lastUserText(request));
    if (!passage) return undefined;
    const sentences = passage[1]!.replace(/\s+/g, ' ').match(/[^.!?]+[.!?]/g) ?? [passage[1]!];
    return fake.reply(`${sentences.slice(0, 2).join('').trim()} [1]`);
  };
}
