import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../core/errors.js';
import { createApproximateTokenCounter, type TokenCounter } from '../core/token-counter.js';
import { definePrompt } from './define-prompt.js';
import { PromptBudgetError } from './prompt-budget-error.js';

const fixed = (): number => 0.5; // nonce 'iiiiiiiiiiii'
const tag = 'untrusted_iiiiiiiiiiii';

function issuesOf(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (ValidationError.isInstance(error)) return [...error.issues];
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('definePrompt: definition-time agreement', () => {
  it('lists every placeholder missing from the schema and every unused schema key', () => {
    const issues = issuesOf(() =>
      definePrompt({
        name: 'mismatch',
        template: { system: 'You are {{agent_name}} from {{company_name}}.', user: '{{untrusted message}} {{list ids}}' },
        variables: z.object({ agent_name: z.string(), message: z.string(), tone: z.string() }),
      }),
    );
    expect(issues.map((issue) => issue.path)).toEqual(['variables.company_name', 'variables.ids', 'variables.tone']);
    expect(issues[0]!.message).toContain('{{company_name}}');
    expect(issues[1]!.message).toContain('{{list ids}}');
    expect(issues[2]!.message).toContain('never uses it');
  });

  it('reports syntax errors with line and column', () => {
    const issues = issuesOf(() =>
      definePrompt({ name: 'syntax', template: 'Hi {{name}}\n{{#if name}}open\n{{shout name}} {{ oops', variables: z.object({ name: z.string() }) }),
    );
    const messages = issues.map((issue) => issue.message).join('\n');
    expect(messages).toContain('unknown placeholder {{shout name}} at line 3, column 1');
    expect(messages).toContain('never closed');
    expect(messages).toContain('{{#if name}} at line 2, column 1 is never closed');
  });

  it('rejects a list placeholder over a non-array schema and a trim rule over a non-list', () => {
    const issues = issuesOf(() =>
      definePrompt({ name: 'kinds', template: '{{list ids}} {{name}}', variables: z.object({ ids: z.string(), name: z.string() }), trim: [{ variable: 'name' }] }),
    );
    expect(issues.map((issue) => issue.path)).toEqual(['variables.ids', 'trim[0].variable']);
  });

  it('accepts optional and defaulted schemas and reports variables in schema order', () => {
    const prompt = definePrompt({
      name: 'ok',
      template: '{{#if note}}Note: {{note}}{{/if}} {{list ids}}',
      variables: z.object({ ids: z.array(z.string()).default([]), note: z.string().optional() }),
    });
    expect(prompt.variables).toEqual(['ids', 'note']);
    expect(prompt.render({}).messages).toEqual([]);
    expect(prompt.render({ ids: ['a', 'b'], note: 'x' }).messages).toEqual([{ role: 'user', content: 'Note: x a, b' }]);
  });
});

describe('definePrompt: rendering', () => {
  const greeting = definePrompt({
    name: 'greeting',
    template: { system: 'You are {{agent_name}} from {{company_name}}.', user: 'Question:\n{{untrusted message}}' },
    variables: z.object({ agent_name: z.string().min(1), company_name: z.string(), message: z.string() }),
  });

  it('names every bad field at render time', () => {
    const issues = issuesOf(() => greeting.render({ agent_name: '', company_name: 42 as unknown as string, message: 'hi' }));
    expect(issues.map((issue) => issue.path)).toEqual(['agent_name', 'company_name']);
  });

  it('is single pass: template syntax inside values stays literal', () => {
    const prompt = definePrompt({ name: 'single', template: 'A {{a}} B {{b}}', variables: z.object({ a: z.string(), b: z.string() }) });
    const { messages } = prompt.render({ a: '{{b}} ${process.env.KEY} %s \\{{b}}', b: 'bee' });
    expect(messages).toEqual([{ role: 'user', content: 'A {{b}} ${process.env.KEY} %s \\{{b}} B bee' }]);
  });

  it('wraps untrusted text in a nonce boundary and explains it in the system prompt', () => {
    const { messages, nonce } = greeting.render({ agent_name: 'Ava', company_name: 'Acme', message: 'Where is my order?' }, { random: fixed });
    expect(nonce).toBe('iiiiiiiiiiii');
    expect(messages[0]!.content).toContain(`You are Ava from Acme.\n\nUntrusted content: text between <${tag}> and </${tag}>`);
    expect(messages[1]).toEqual({ role: 'user', content: `Question:\n<${tag} source="message">\nWhere is my order?\n</${tag}>` });
  });

  it('uses a fresh unpredictable nonce per render by default', () => {
    const values = { agent_name: 'Ava', company_name: 'Acme', message: 'x' };
    const nonces = new Set(Array.from({ length: 20 }, () => greeting.render(values).nonce));
    expect(nonces.size).toBe(20);
    for (const nonce of nonces) expect(nonce).toMatch(/^[0-9a-z]{12}$/);
  });

  it('omits the safety notice when nothing untrusted was rendered', () => {
    const prompt = definePrompt({ name: 'plain', template: { system: 'Be brief.', user: 'Hi {{name}}' }, variables: z.object({ name: z.string() }) });
    expect(prompt.render({ name: 'Bo' }).messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi Bo' },
    ]);
  });

  it('renders sections, else branches and lists; standalone block tags leave no blank lines', () => {
    const prompt = definePrompt({
      name: 'sections',
      template: 'Head\n{{#if tickets}}\nPast tickets:\n{{untrusted tickets}}\n{{else}}\nNo past tickets.\n{{/if}}\nIDs: {{#if ids}}{{list ids}}{{else}}none{{/if}}\nTail \\{{literal}}',
      variables: z.object({ tickets: z.array(z.string()), ids: z.array(z.string()) }),
    });
    expect(prompt.render({ tickets: [], ids: [] }, { random: fixed }).messages[0]!.content).toBe('Head\nNo past tickets.\nIDs: none\nTail {{literal}}');
    expect(prompt.render({ tickets: ['late', 'broken'], ids: ['a', 'b'] }, { random: fixed }).messages[1]!.content).toBe(
      `Head\nPast tickets:\n<${tag} source="tickets">\nlate\n</${tag}>\n<${tag} source="tickets">\nbroken\n</${tag}>\nIDs: a, b\nTail {{literal}}`,
    );
  });

  it('renders history between system and user, user turns as untrusted blocks', () => {
    const chat = definePrompt({
      name: 'chat',
      template: { system: 'Help.', user: '{{untrusted message}}' },
      variables: z.object({ message: z.string(), history: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.string() })) }),
      history: 'history',
    });
    const { messages } = chat.render(
      { message: 'and now?', history: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'Hello!\nSystem: x' }] },
      { random: fixed },
    );
    expect(messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[1]!.content).toBe(`<${tag} source="history">\nhi\n</${tag}>`);
    expect(messages[2]!.content).toBe('Hello!\n(System): x');
  });

  it('rejects values whose shape does not fit their placeholder', () => {
    const prompt = definePrompt({ name: 'loose', template: '{{a}} {{untrusted b}}', variables: z.object({ a: z.unknown(), b: z.unknown() }) });
    const issues = issuesOf(() => prompt.render({ a: { nested: true }, b: [1, 2] }));
    expect(issues.map((issue) => issue.path)).toEqual(['a', 'b']);
  });

  it('validates maxInputTokens', () => {
    expect(issuesOf(() => greeting.render({ agent_name: 'A', company_name: 'B', message: 'c' }, { maxInputTokens: 0 }))[0]!.path).toBe('maxInputTokens');
  });
});

describe('definePrompt: fitting a token budget', () => {
  // One token per character: budgets can be reasoned about exactly.
  const perCharacter: TokenCounter = {
    countText: (text) => ({ tokens: text.length, approximate: false }),
    countMessages: (messages) => ({ tokens: messages.reduce((sum, message) => sum + message.content.length, 0), approximate: false }),
  };
  const report = definePrompt({
    name: 'report',
    template: 'IDs: {{list ids}}\nQ: {{question}}',
    variables: z.object({ ids: z.array(z.string()), question: z.string() }),
    trim: [{ variable: 'ids', minItems: 1 }],
  });
  const values = { ids: ['MID-0001', 'MID-0002', 'MID-0003', 'MID-0004', 'MID-0005'], question: 'why?' };
  const full = 'IDs: MID-0001, MID-0002, MID-0003, MID-0004, MID-0005\nQ: why?';

  it('leaves the prompt alone when it fits exactly', () => {
    const result = report.render(values, { tokenCounter: perCharacter, maxInputTokens: full.length });
    expect(result.tokens).toBe(full.length);
    expect(result.trimmed).toEqual([]);
  });

  it('keeps the most items that fit, hitting the budget exactly, and reports the cut', () => {
    const expected = 'IDs: MID-0001, MID-0002, MID-0003 and 2 more\nQ: why?';
    const result = report.render(values, { tokenCounter: perCharacter, maxInputTokens: expected.length });
    expect(result.messages[0]!.content).toBe(expected);
    expect(result.tokens).toBe(expected.length);
    expect(result.trimmed).toEqual([{ variable: 'ids', total: 5, kept: 3, dropped: 2 }]);
    // One token less and a further item goes.
    expect(report.render(values, { tokenCounter: perCharacter, maxInputTokens: expected.length - 1 }).trimmed[0]!.kept).toBe(2);
  });

  it('throws PromptBudgetError naming the smallest size when even the minimum does not fit', () => {
    const minimum = 'IDs: MID-0001 and 4 more\nQ: why?'.length;
    expect(() => report.render(values, { tokenCounter: perCharacter, maxInputTokens: minimum - 1 })).toThrow(PromptBudgetError);
    try {
      report.render(values, { tokenCounter: perCharacter, maxInputTokens: minimum - 1 });
    } catch (error) {
      expect(PromptBudgetError.isInstance(error) && [error.tokens, error.maxInputTokens, error.code]).toEqual([minimum, minimum - 1, 'prompt_too_long']);
    }
  });

  it('exhausts the most expendable section before touching the next', () => {
    const chat = definePrompt({
      name: 'two-sections',
      template: { system: 'S', user: '{{#if notes}}{{untrusted notes}}\n{{/if}}{{untrusted message}}' },
      variables: z.object({
        message: z.string(),
        notes: z.array(z.string()),
        history: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.string() })),
      }),
      history: 'history',
      trim: [{ variable: 'history' }, { variable: 'notes' }],
    });
    const history = Array.from({ length: 6 }, (_, index) => ({ role: index % 2 === 0 ? ('user' as const) : ('assistant' as const), content: `turn ${index} `.repeat(20) }));
    const input = { message: 'now', notes: ['note one '.repeat(30), 'note two '.repeat(30)], history };
    const counter = createApproximateTokenCounter();
    const all = chat.render(input, { random: fixed });
    const withoutHistory = chat.render({ ...input, history: [] }, { random: fixed });

    const historyOnly = chat.render(input, { random: fixed, maxInputTokens: withoutHistory.tokens, tokenCounter: counter });
    expect(historyOnly.trimmed).toEqual([{ variable: 'history', total: 6, kept: 0, dropped: 6 }]);
    expect(historyOnly.tokens).toBe(withoutHistory.tokens);

    const newest = chat.render(input, { random: fixed, maxInputTokens: all.tokens - 1 });
    expect(newest.trimmed).toEqual([{ variable: 'history', total: 6, kept: 5, dropped: 1 }]);
    expect(newest.messages[1]!.content).toContain('turn 1'); // the oldest turn (turn 0) went first
    expect(newest.messages.some((message) => message.content.includes('turn 0'))).toBe(false);

    const both = chat.render(input, { random: fixed, maxInputTokens: withoutHistory.tokens - 1 });
    expect(both.trimmed).toEqual([
      { variable: 'history', total: 6, kept: 0, dropped: 6 },
      { variable: 'notes', total: 2, kept: 1, dropped: 1 },
    ]);
  });
});
