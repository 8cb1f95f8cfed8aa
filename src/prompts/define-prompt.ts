import { ValidationError, type ValidationIssue } from '../core/errors.js';
import { assertHostSchema, describeHostSchema, hostObjectShape, hostSchemaBaseType, validateWithHostSchema, type HostSchema, type HostSchemaInput } from '../core/host-schema.js';
import { createApproximateTokenCounter, type TokenCounter } from '../core/token-counter.js';
import type { ChatMessage } from '../core/types.js';
import { neutralizeUntrusted } from './neutralize-untrusted.js';
import { parseTemplate, type PlaceholderKind, type TemplateNode } from './parse-template.js';
import { PromptBudgetError } from './prompt-budget-error.js';
import { createNonce, cryptoRandom, formatUntrustedBlock, untrustedSafetyNotice } from './untrusted-block.js';

/**
 * A template split by role. The system part carries instructions; the user part carries the
 * request and its data. History messages (see {@link DefinePromptOptions.history}) go between.
 *
 * @example
 * ```ts
 * const template: PromptMessagesTemplate = { system: 'You are {{agent_name}}.', user: '{{untrusted message}}' };
 * ```
 */
export interface PromptMessagesTemplate {
  readonly system?: string;
  readonly user?: string;
}

/**
 * A section the renderer may shorten to fit a token budget. Rules are applied in order, most
 * expendable first: the first rule's list is cut down to `minItems` before the second is touched.
 *
 * @example
 * ```ts
 * const rule: TrimRule = { variable: 'history', from: 'start' }; // drop the oldest turns first
 * ```
 */
export interface TrimRule {
  /** An array variable used by `{{list …}}`, `{{untrusted …}}` or as the history. */
  readonly variable: string;
  /**
   * Which end loses items: `start` drops the first (oldest) items, `end` the last ones.
   * @default 'start' for the history, 'end' otherwise
   */
  readonly from?: 'start' | 'end';
  /**
   * Items that are never dropped.
   * @default 0
   */
  readonly minItems?: number;
}

/**
 * Options of {@link definePrompt}.
 *
 * @example
 * ```ts
 * const options: DefinePromptOptions<z.ZodObject<{ name: z.ZodString }>> = {
 *   name: 'greeting', template: 'Say hello to {{name}}', variables: z.object({ name: z.string() }),
 * };
 * ```
 */
export interface DefinePromptOptions<S extends HostSchema> {
  /** Shown in errors and reports; letters, digits, `-`, `_`, `.`. */
  readonly name: string;
  /** A string is the user message; an object gives the system and user messages. */
  readonly template: string | PromptMessagesTemplate;
  /**
   * One entry per variable the template uses; nothing more, nothing less. A `z.object(…)` from the
   * host's zod, 3.25+ or 4.
   */
  readonly variables: S;
  /**
   * A variable holding earlier turns, `{ role: 'user' | 'assistant', content }[]`, rendered as
   * messages between the system and user messages. User turns are untrusted blocks; assistant
   * turns are neutralised.
   */
  readonly history?: string;
  /**
   * Sections that may be shortened to fit `maxInputTokens`, most expendable first.
   * @default []
   */
  readonly trim?: readonly TrimRule[];
}

/**
 * Options of a prompt's `render`.
 *
 * @example
 * ```ts
 * const options: RenderOptions = { model: 'gpt-4o-mini', maxInputTokens: 3000 };
 * ```
 */
export interface RenderOptions {
  /** The model the messages are for; the token counter uses it to pick an encoding. */
  readonly model?: string;
  /** Shorten trimmable sections until the messages fit. No limit when absent. */
  readonly maxInputTokens?: number;
  /**
   * Counts the rendered messages.
   * @default createApproximateTokenCounter()
   */
  readonly tokenCounter?: TokenCounter;
  /**
   * Source of the boundary nonce. Pass a seeded generator for reproducible output.
   * @default crypto.getRandomValues
   */
  readonly random?: () => number;
}

/**
 * What the renderer shortened.
 *
 * @example
 * ```ts
 * const section: TrimmedSection = { variable: 'member_ids', total: 120, kept: 40, dropped: 80 };
 * ```
 */
export interface TrimmedSection {
  readonly variable: string;
  readonly total: number;
  readonly kept: number;
  readonly dropped: number;
}

/**
 * Messages ready to send, with their size and what was cut to fit.
 *
 * @example
 * ```ts
 * const { messages, tokens, trimmed } = prompt.render(values, { maxInputTokens: 2000 });
 * await provider.generate({ messages });
 * ```
 */
export interface RenderedPrompt {
  readonly messages: ChatMessage[];
  /** Input tokens of `messages`, per the token counter. */
  readonly tokens: number;
  /** True when the count is an estimate (the default counter always is). */
  readonly approximate: boolean;
  /** One entry per section that lost items; empty when everything fit. */
  readonly trimmed: readonly TrimmedSection[];
  /** The boundary nonce of this render (tags are `<untrusted_NONCE>`). */
  readonly nonce: string;
}

/**
 * Anything that renders to messages: a {@link PromptTemplate} or a built-in prompt.
 *
 * @example
 * ```ts
 * function send<I>(prompt: Prompt<I>, input: I) { return provider.generate({ messages: prompt.render(input).messages }); }
 * ```
 */
export interface Prompt<INPUT> {
  readonly name: string;
  /** Validates `input`, renders it and fits the result to the budget. */
  render(input: INPUT, options?: RenderOptions): RenderedPrompt;
}

/**
 * A prompt defined with {@link definePrompt}.
 *
 * @example
 * ```ts
 * greeting.variables; // ['name']
 * ```
 */
export interface PromptTemplate<VALUES> extends Prompt<VALUES> {
  /** The variable names, in schema order. */
  readonly variables: readonly string[];
}

type Kind = PlaceholderKind | 'if' | 'history' | 'trim';

interface Compiled {
  readonly name: string;
  readonly system?: readonly TemplateNode[];
  readonly user?: readonly TemplateNode[];
  readonly history?: string;
  readonly trim: readonly Required<TrimRule>[];
  readonly uses: ReadonlyMap<string, ReadonlySet<Kind>>;
}

const promptNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Defines a typed prompt. The template is parsed once; its placeholders and the `variables`
 * schema must agree, or a {@link ValidationError} lists every difference.
 *
 * Template syntax:
 * - `{{name}}` — the value as written (numbers and booleans as text). Host data only.
 * - `{{untrusted name}}` — text someone outside the host wrote (a string, or an array rendered as
 *   one block per item): neutralised and wrapped in a boundary its content cannot close.
 * - `{{list name}}` — array items joined with `, `; when trimmed, ends with `and N more`.
 * - `{{#if name}} … {{else}} … {{/if}}` — a section shown when `name` is present: not
 *   `undefined`, `null`, `false`, `''` or `[]`. Block tags alone on a line take the line with them.
 * - `\{{` — a literal `{{`.
 *
 * Interpolation is single pass: a value containing `{{x}}`, `${x}` or `%s` stays literal.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { definePrompt } from 'crmkit';
 *
 * const support = definePrompt({
 *   name: 'support-reply',
 *   template: { system: 'You are {{agent_name}} from {{company_name}}.', user: 'Customer wrote:\n{{untrusted message}}' },
 *   variables: z.object({ agent_name: z.string(), company_name: z.string(), message: z.string() }),
 * });
 * const { messages, tokens } = support.render({ agent_name: 'Ava', company_name: 'Acme', message: 'Where is my order?' });
 * ```
 */
export function definePrompt<S extends HostSchema>(options: DefinePromptOptions<S>): PromptTemplate<HostSchemaInput<S>> {
  const { compiled, variableNames } = compile(options);
  const schema = options.variables;
  return {
    name: compiled.name,
    variables: variableNames,
    render(values, renderOptions = {}) {
      const result = validateWithHostSchema(schema, values);
      if (!result.success) throw new ValidationError(`values for prompt "${compiled.name}"`, result.issues);
      return renderCompiled(compiled, result.data as Record<string, unknown>, renderOptions);
    },
  };
}

function compile<S extends HostSchema>(options: DefinePromptOptions<S>): { compiled: Compiled; variableNames: string[] } {
  const issues: ValidationIssue[] = [];
  const { name, template, variables } = options;
  if (typeof name !== 'string' || !promptNamePattern.test(name)) {
    issues.push({ path: 'name', message: 'Expected `name` to be 1–100 letters, digits, ".", "-" or "_", starting with a letter or digit' });
  }
  const example = 'z.object({ name: z.string() })';
  assertHostSchema(variables, 'definePrompt options', 'variables', example);
  const shape = hostObjectShape(variables);
  if (!shape) {
    const detected = describeHostSchema(variables);
    throw new ValidationError('definePrompt options', [
      { path: 'variables', message: `Expected \`variables\` to be a zod object schema, e.g. ${example}; got a ${hostSchemaBaseType(variables)} schema from ${detected.label}` },
    ]);
  }
  const parts: PromptMessagesTemplate = typeof template === 'string' ? { user: template } : (template ?? {});
  if (typeof parts.system !== 'string' && typeof parts.user !== 'string') {
    issues.push({ path: 'template', message: 'Expected `template` to be a string or { system?: string, user?: string } with at least one part' });
  }

  const uses = new Map<string, Set<Kind>>();
  const use = (variable: string, kind: Kind): void => {
    const kinds = uses.get(variable) ?? new Set<Kind>();
    kinds.add(kind);
    uses.set(variable, kinds);
  };
  const parsed: { system?: readonly TemplateNode[]; user?: readonly TemplateNode[] } = {};
  for (const role of ['system', 'user'] as const) {
    const source = parts[role];
    if (typeof source !== 'string') continue;
    const path = typeof template === 'string' ? 'template' : `template.${role}`;
    const result = parseTemplate(source, path);
    issues.push(...result.issues);
    for (const [variable, kinds] of result.references) for (const kind of kinds) use(variable, kind);
    parsed[role] = result.nodes;
  }
  if (options.history !== undefined) use(options.history, 'history');

  const declared = new Set(Object.keys(shape));
  for (const [variable, kinds] of uses) {
    if (!declared.has(variable)) {
      const how = kinds.has('history') ? `\`history\` names \`${variable}\`` : `the template uses {{${describe(kinds)}${variable}}}`;
      issues.push({ path: `variables.${variable}`, message: `${how}, but \`variables\` has no \`${variable}\`: add it to the schema or remove the placeholder` });
      continue;
    }
    const shapeType = hostSchemaBaseType(shape[variable]);
    const wantsArray = kinds.has('list') || kinds.has('history');
    if (wantsArray && shapeType !== 'array' && shapeType !== 'unknown') {
      issues.push({ path: `variables.${variable}`, message: `\`${variable}\` is used as ${kinds.has('list') ? '{{list}}' : 'history'} and must be an array schema, not ${shapeType}` });
    }
    if (kinds.has('text') && (shapeType === 'array' || shapeType === 'object')) {
      issues.push({ path: `variables.${variable}`, message: `\`${variable}\` is an ${shapeType} but {{${variable}}} renders text: use {{list ${variable}}} or {{untrusted ${variable}}}` });
    }
  }
  for (const variable of declared) {
    if (!uses.has(variable)) {
      issues.push({ path: `variables.${variable}`, message: `\`variables\` declares \`${variable}\` but the template never uses it: remove it or add {{${variable}}}` });
    }
  }

  const trim: Required<TrimRule>[] = [];
  for (const [index, rule] of (options.trim ?? []).entries()) {
    const path = `trim[${index}]`;
    const kinds = uses.get(rule.variable);
    if (!kinds || !(kinds.has('list') || kinds.has('untrusted') || kinds.has('history'))) {
      issues.push({ path: `${path}.variable`, message: `Expected \`${rule.variable}\` to be an array used by {{list}}, {{untrusted}} or as the history` });
    }
    if (rule.from !== undefined && rule.from !== 'start' && rule.from !== 'end') issues.push({ path: `${path}.from`, message: 'Expected `from` to be "start" or "end"' });
    if (rule.minItems !== undefined && !(Number.isInteger(rule.minItems) && rule.minItems >= 0)) {
      issues.push({ path: `${path}.minItems`, message: 'Expected `minItems` to be a non-negative integer' });
    }
    if (trim.some((existing) => existing.variable === rule.variable)) issues.push({ path: `${path}.variable`, message: `\`${rule.variable}\` has two trim rules: keep one` });
    trim.push({ variable: rule.variable, from: rule.from ?? (rule.variable === options.history ? 'start' : 'end'), minItems: rule.minItems ?? 0 });
  }

  if (issues.length > 0) throw new ValidationError(`prompt "${String(name)}" definition`, issues);
  return { compiled: { name, ...parsed, history: options.history, trim, uses }, variableNames: [...declared] };
}

function describe(kinds: ReadonlySet<Kind>): string {
  if (kinds.has('untrusted')) return 'untrusted ';
  if (kinds.has('list')) return 'list ';
  if (kinds.has('if') && !kinds.has('text')) return '#if ';
  return '';
}

interface HistoryTurn {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

/** Values checked against how the template uses them, untrusted text neutralised once. */
interface Prepared {
  readonly values: Readonly<Record<string, unknown>>;
  readonly untrusted: ReadonlyMap<string, readonly string[]>;
  readonly history: readonly HistoryTurn[];
}

function prepare(compiled: Compiled, values: Record<string, unknown>): Prepared {
  const issues: ValidationIssue[] = [];
  const untrusted = new Map<string, string[]>();
  let history: HistoryTurn[] = [];
  for (const [variable, kinds] of compiled.uses) {
    const value = values[variable];
    const absent = value === undefined || value === null;
    if (kinds.has('text') && !absent && !['string', 'number', 'boolean'].includes(typeof value)) {
      issues.push({ path: variable, message: `Expected \`${variable}\` to be a string, number or boolean for {{${variable}}}` });
    }
    if (kinds.has('list') && !absent && !(Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number'))) {
      issues.push({ path: variable, message: `Expected \`${variable}\` to be an array of strings or numbers for {{list ${variable}}}` });
    }
    if (kinds.has('untrusted') && !absent) {
      const items = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;
      if (items) untrusted.set(variable, items.map(neutralizeUntrusted));
      else issues.push({ path: variable, message: `Expected \`${variable}\` to be a string or an array of strings for {{untrusted ${variable}}}` });
    }
    if (kinds.has('history') && !absent) {
      const turns = Array.isArray(value) ? value : undefined;
      const valid = turns?.every(
        (turn: unknown) =>
          typeof turn === 'object' && turn !== null && ((turn as HistoryTurn).role === 'user' || (turn as HistoryTurn).role === 'assistant') && typeof (turn as HistoryTurn).content === 'string',
      );
      if (turns && valid) history = (turns as HistoryTurn[]).map((turn) => ({ role: turn.role, content: neutralizeUntrusted(turn.content) }));
      else issues.push({ path: variable, message: `Expected \`${variable}\` to be an array of { role: "user" | "assistant", content: string }` });
    }
  }
  for (const rule of compiled.trim) {
    const value = values[rule.variable];
    if (value !== undefined && value !== null && !Array.isArray(value) && !(compiled.uses.get(rule.variable)?.has('untrusted') && typeof value === 'string')) {
      issues.push({ path: rule.variable, message: `Expected \`${rule.variable}\` to be an array: it is trimmable` });
    }
  }
  if (issues.length > 0) throw new ValidationError(`values for prompt "${compiled.name}"`, issues);
  return { values, untrusted, history };
}

function lengthOf(prepared: Prepared, compiled: Compiled, variable: string): number {
  if (variable === compiled.history) return prepared.history.length;
  const value = prepared.values[variable];
  return Array.isArray(value) ? value.length : value === undefined || value === null ? 0 : 1;
}

/** How many items of each trimmable variable to keep. Absent: all. */
type Keep = ReadonlyMap<string, number>;

function renderCompiled(compiled: Compiled, values: Record<string, unknown>, options: RenderOptions): RenderedPrompt {
  const { maxInputTokens } = options;
  if (maxInputTokens !== undefined && !(Number.isInteger(maxInputTokens) && maxInputTokens > 0)) {
    throw new ValidationError('render options', [{ path: 'maxInputTokens', message: 'Expected `maxInputTokens` to be a positive integer' }]);
  }
  const counter = options.tokenCounter ?? defaultCounter;
  const nonce = createNonce(options.random ?? cryptoRandom);
  const prepared = prepare(compiled, values);

  const attempt = (keep: Keep): { messages: ChatMessage[]; tokens: number; approximate: boolean } => {
    const messages = buildMessages(compiled, prepared, keep, nonce);
    const count = counter.countMessages(messages, options.model);
    return { messages, tokens: count.tokens, approximate: count.approximate };
  };
  const finish = (result: ReturnType<typeof attempt>, keep: Keep): RenderedPrompt => ({
    ...result,
    nonce,
    trimmed: compiled.trim.flatMap((rule) => {
      const total = lengthOf(prepared, compiled, rule.variable);
      const kept = Math.min(total, keep.get(rule.variable) ?? total);
      return kept < total ? [{ variable: rule.variable, total, kept, dropped: total - kept }] : [];
    }),
  });

  const keep = new Map<string, number>();
  let result = attempt(keep);
  if (maxInputTokens === undefined || result.tokens <= maxInputTokens) return finish(result, keep);

  // Most expendable first: exhaust one rule before touching the next, and within a rule find the
  // largest number of items that fits by bisection (the size only grows with the items kept).
  for (const rule of compiled.trim) {
    const total = lengthOf(prepared, compiled, rule.variable);
    const minimum = Math.min(rule.minItems, total);
    if (minimum === total) continue;
    keep.set(rule.variable, minimum);
    const atMinimum = attempt(keep);
    if (atMinimum.tokens > maxInputTokens) {
      result = atMinimum;
      continue;
    }
    let fits = minimum;
    let fitting = atMinimum;
    let tooMany = total;
    while (tooMany - fits > 1) {
      const middle = Math.floor((fits + tooMany) / 2);
      keep.set(rule.variable, middle);
      const candidate = attempt(keep);
      if (candidate.tokens <= maxInputTokens) {
        fits = middle;
        fitting = candidate;
      } else {
        tooMany = middle;
      }
    }
    keep.set(rule.variable, fits);
    return finish(fitting, keep);
  }
  throw new PromptBudgetError({ promptName: compiled.name, tokens: result.tokens, maxInputTokens });
}

const defaultCounter = createApproximateTokenCounter();

function buildMessages(compiled: Compiled, prepared: Prepared, keep: Keep, nonce: string): ChatMessage[] {
  const rules = new Map(compiled.trim.map((rule) => [rule.variable, rule]));
  const slice = <T>(variable: string, items: readonly T[]): { items: readonly T[]; omitted: number } => {
    const kept = keep.get(variable);
    if (kept === undefined || kept >= items.length) return { items, omitted: 0 };
    const from = rules.get(variable)?.from ?? 'end';
    return { items: from === 'start' ? items.slice(items.length - kept) : items.slice(0, kept), omitted: items.length - kept };
  };
  const state = { untrustedUsed: false };

  const renderNodes = (nodes: readonly TemplateNode[]): string => {
    let out = '';
    for (const node of nodes) {
      if (node.type === 'text') {
        out += node.text;
      } else if (node.type === 'if') {
        out += renderNodes(present(node.name) ? node.then : node.otherwise);
      } else if (node.kind === 'text') {
        const value = prepared.values[node.name];
        out += value === undefined || value === null ? '' : String(value);
      } else if (node.kind === 'list') {
        const value = prepared.values[node.name];
        const { items, omitted } = slice(node.name, Array.isArray(value) ? (value as unknown[]) : []);
        const shown = items.map(String).join(', ');
        out += omitted === 0 ? shown : shown ? `${shown} and ${omitted} more` : `${omitted} not listed`;
      } else {
        const { items } = slice(node.name, prepared.untrusted.get(node.name) ?? []);
        if (items.length > 0) state.untrustedUsed = true;
        out += items.map((item) => formatUntrustedBlock(item, node.name, nonce)).join('\n');
      }
    }
    return out;
  };
  const present = (variable: string): boolean => {
    if (variable === compiled.history) return slice(variable, prepared.history).items.length > 0;
    const value = prepared.values[variable];
    if (value === undefined || value === null || value === false || value === '') return false;
    if (Array.isArray(value)) return slice(variable, value).items.length > 0;
    return true;
  };

  const system = compiled.system ? renderNodes(compiled.system).trim() : '';
  const user = compiled.user ? renderNodes(compiled.user).trim() : '';
  const history = compiled.history ? slice(compiled.history, prepared.history).items : [];
  const messages: ChatMessage[] = [];
  const notice = state.untrustedUsed || history.some((turn) => turn.role === 'user') ? untrustedSafetyNotice(nonce) : '';
  const systemContent = [system, notice].filter(Boolean).join('\n\n');
  if (systemContent) messages.push({ role: 'system', content: systemContent });
  for (const turn of history) {
    messages.push({ role: turn.role, content: turn.role === 'user' ? formatUntrustedBlock(turn.content, compiled.history!, nonce) : turn.content });
  }
  if (user) messages.push({ role: 'user', content: user });
  return messages;
}
