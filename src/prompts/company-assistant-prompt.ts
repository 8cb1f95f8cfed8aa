import { z } from 'zod/v4';
import { parseInput } from '../core/validate.js';
import { definePrompt, type Prompt } from './define-prompt.js';
import { historyTurnSchema, type HistoryTurn } from './history-turn.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * What the website assistant knows about the company (seed 001's knowledge block). Supplied by
 * the host, so it is trusted: it goes into the system prompt as written.
 *
 * @example
 * ```ts
 * const knowledge: CompanyKnowledge = {
 *   company: 'AtonixDev', website: 'atonixdev.org',
 *   services: ['Software Engineering', 'Cloud Infrastructure', 'AI/ML', 'DevOps'],
 *   technologies: { Languages: ['Python', 'TypeScript'], Infrastructure: ['Kubernetes', 'AWS'] },
 *   portfolio: ['Cloud infrastructure platforms', 'AI research hubs'],
 *   pricing: { Small: '5K-15K USD', Medium: '15K-50K USD', Large: '50K+ USD' },
 * };
 * ```
 */
export interface CompanyKnowledge {
  readonly company: string;
  readonly website?: string;
  readonly services?: readonly string[];
  /** Category → items, e.g. `{ Frameworks: ['Django', 'React'] }`. */
  readonly technologies?: Readonly<Record<string, readonly string[]>>;
  readonly portfolio?: readonly string[];
  /** Project size → price range. */
  readonly pricing?: Readonly<Record<string, string>>;
  /** Anything else: contact methods, mission, FAQ. */
  readonly notes?: string;
}

/**
 * Options of {@link createCompanyAssistantPrompt}.
 *
 * @example
 * ```ts
 * const options: CompanyAssistantPromptOptions = { knowledge: { company: 'AtonixDev' }, maxWords: 150 };
 * ```
 */
export interface CompanyAssistantPromptOptions {
  readonly knowledge: CompanyKnowledge;
  /**
   * Longest answer asked of the model (seed 001 caps replies at 256 tokens, about 200 words).
   * @default 200
   */
  readonly maxWords?: number;
}

/**
 * One visitor message and the conversation so far.
 *
 * @example
 * ```ts
 * const input: CompanyAssistantInput = { message: 'How much does a project cost?', history: [] };
 * ```
 */
export interface CompanyAssistantInput {
  /** The visitor's message. Untrusted. */
  readonly message: string;
  /** Earlier turns, oldest first; the oldest are dropped first to fit the budget. */
  readonly history?: readonly HistoryTurn[];
}

const optionsSchema = lazyObject(() => z.object({
  knowledge: z.object({
    company: z.string().min(1, 'Expected `knowledge.company` to be a non-empty string'),
    website: z.string().optional(),
    services: z.array(z.string()).optional(),
    technologies: z.record(z.string(), z.array(z.string())).optional(),
    portfolio: z.array(z.string()).optional(),
    pricing: z.record(z.string(), z.string()).optional(),
    notes: z.string().optional(),
  }),
  maxWords: z.number().int().positive().default(200),
}));

const inputSchema = lazyObject(() => z.object({
  message: z.string().min(1, 'Expected `message` to be a non-empty string'),
  history: z.array(historyTurnSchema).default([]),
}));

const companyAssistant = lazyObject(() => definePrompt({
  name: 'company-assistant',
  template: {
    system: [
      'You are the website assistant of {{company}}. Answer visitors\' questions about the company\'s services, technologies, portfolio and pricing.',
      'Use only the company knowledge below. If the answer is not there, say so and offer to put the visitor in touch with the team.',
      'Be friendly and concise: at most {{max_words}} words.',
      '',
      'Company knowledge:',
      '{{knowledge}}',
    ].join('\n'),
    user: '{{untrusted message}}',
  },
  variables: z.object({ company: z.string(), max_words: z.number(), knowledge: z.string(), message: z.string(), history: z.array(historyTurnSchema) }),
  history: 'history',
  trim: [{ variable: 'history', from: 'start' }],
}));

/**
 * The company website assistant of seed 001: a knowledge block (company, services,
 * technologies, portfolio, pricing) supplied by the host, the conversation history (oldest
 * turns trimmed first) and the visitor's message as untrusted text.
 *
 * @example
 * ```ts
 * import { createCompanyAssistantPrompt } from 'crmkit/prompts';
 *
 * const prompt = createCompanyAssistantPrompt({ knowledge: { company: 'AtonixDev', services: ['DevOps'] } });
 * const { messages } = prompt.render({ message: 'Do you do Kubernetes?', history }, { maxInputTokens: 3000 });
 * ```
 */
export function createCompanyAssistantPrompt(options: CompanyAssistantPromptOptions): Prompt<CompanyAssistantInput> {
  const { knowledge, maxWords } = parseInput(optionsSchema, options, 'createCompanyAssistantPrompt options');
  const block = formatKnowledge(knowledge);
  return {
    name: companyAssistant.name,
    render(input, renderOptions) {
      const { message, history } = parseInput(inputSchema, input, 'company-assistant input');
      return companyAssistant.render({ company: knowledge.company, max_words: maxWords, knowledge: block, message, history }, renderOptions);
    },
  };
}

function formatKnowledge(knowledge: CompanyKnowledge): string {
  const sections: string[] = [];
  const head = [`Company: ${knowledge.company}`];
  if (knowledge.website) head.push(`Website: ${knowledge.website}`);
  if (knowledge.services?.length) head.push(`Services: ${knowledge.services.join(', ')}`);
  sections.push(head.join('\n'));
  const technologies = Object.entries(knowledge.technologies ?? {}).filter(([, items]) => items.length > 0);
  if (technologies.length > 0) sections.push(technologies.map(([category, items]) => `${category}: ${items.join(', ')}`).join('\n'));
  if (knowledge.portfolio?.length) sections.push(['Portfolio:', ...knowledge.portfolio.map((item) => `- ${item}`)].join('\n'));
  const pricing = Object.entries(knowledge.pricing ?? {});
  if (pricing.length > 0) sections.push(['Pricing:', ...pricing.map(([size, range]) => `- ${size}: ${range}`)].join('\n'));
  if (knowledge.notes) sections.push(knowledge.notes.trim());
  return sections.join('\n\n');
}
