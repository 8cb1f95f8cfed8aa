import { z } from 'zod/v4';
import { throwIfAborted } from '../core/abort.js';
import { ValidationError, type ValidationIssue } from '../core/errors.js';
import { parseInput } from '../core/validate.js';
import type { PromptStore, StoredPrompt } from '../core/prompt-store.js';
import { definePrompt, type PromptTemplate, type RenderedPrompt, type RenderOptions } from './define-prompt.js';
import { neutralizeInline } from './neutralize-untrusted.js';
import { parseTemplate } from './parse-template.js';
import { PromptNotFoundError } from './prompt-not-found-error.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * Options of {@link createPromptRegistry}.
 *
 * @example
 * ```ts
 * const options: PromptRegistryOptions = { store: createMemoryPromptStore(), maxTemplateLength: 8000 };
 * ```
 */
export interface PromptRegistryOptions {
  /** Where versions are kept (memory, Postgres…). */
  readonly store: PromptStore;
  /**
   * Longest template accepted, in characters.
   * @default 20000
   */
  readonly maxTemplateLength?: number;
  /**
   * Longest value accepted for a `{{name}}` placeholder, in characters; longer values are cut.
   * @default 500
   */
  readonly maxValueLength?: number;
}

/**
 * A tenant's custom prompt as submitted (seed 002: name, template, variables).
 *
 * @example
 * ```ts
 * const prompt: CustomPromptInput = {
 *   name: 'ecommerce-support',
 *   template: 'You are {{agent_name}} from {{company_name}}. Help customer {{customer_name}} with {{issue_type}}. Be {{tone}} and professional.',
 *   variables: ['agent_name', 'company_name', 'customer_name', 'issue_type', 'tone'],
 * };
 * ```
 */
export interface CustomPromptInput {
  /**
   * The key: letters, digits, `-` and `_`, unique per tenant. A display name ("E-commerce
   * Support") is accepted and stored under its derived key (`e-commerce-support`); every method
   * accepts either.
   */
  readonly name: string;
  /** A system prompt in the template syntax of {@link definePrompt}, without `{{list}}`. */
  readonly template: string;
  /** The variables the template uses. Inferred when omitted; when given, must match exactly. */
  readonly variables?: readonly string[];
  readonly description?: string;
}

/**
 * Per-call options of the registry's methods.
 *
 * @example
 * ```ts
 * const options: RegistryCallOptions = { signal: AbortSignal.timeout(2_000) };
 * const prompts = await registry.list('acme', options);
 * ```
 */
export interface RegistryCallOptions {
  readonly signal?: AbortSignal;
}

/**
 * Tenant-specific custom prompts over a {@link PromptStore}: validated on save, versioned, compiled
 * once per version.
 *
 * @example
 * ```ts
 * const saved = await registry.save('acme', { name: 'greeting', template: 'You are {{agent_name}} from {{company_name}}.' });
 * const { messages } = await registry.render('acme', 'greeting', { agent_name: 'Ava', company_name: 'Acme' });
 * ```
 */
export interface PromptRegistry {
  /** Validates the template and saves it as the next version. Throws a ValidationError listing every problem. */
  save(tenantId: string, prompt: CustomPromptInput, options?: RegistryCallOptions): Promise<StoredPrompt>;
  /** The stored record: the given version, or the latest. */
  get(tenantId: string, name: string, options?: RegistryCallOptions & { readonly version?: number }): Promise<StoredPrompt | undefined>;
  /** The compiled prompt; throws {@link PromptNotFoundError} when absent. */
  load(tenantId: string, name: string, options?: RegistryCallOptions & { readonly version?: number }): Promise<PromptTemplate<Record<string, string>>>;
  /**
   * Renders the prompt as one system message. Every `{{name}}` value is neutralised and kept to
   * one line (these values often come from customer records); use `{{untrusted name}}` in the
   * template for longer customer text.
   */
  render(
    tenantId: string,
    name: string,
    values: Readonly<Record<string, string>>,
    options?: RenderOptions & RegistryCallOptions & { readonly version?: number },
  ): Promise<RenderedPrompt>;
  list(tenantId: string, options?: RegistryCallOptions): Promise<StoredPrompt[]>;
  versions(tenantId: string, name: string, options?: RegistryCallOptions): Promise<StoredPrompt[]>;
  delete(tenantId: string, name: string, options?: RegistryCallOptions): Promise<boolean>;
}

const optionsSchema = lazyObject(() => z.object({
  store: z.custom<PromptStore>((value) => typeof value === 'object' && value !== null && typeof (value as PromptStore).save === 'function', {
    message: 'Expected `store` to be a PromptStore, e.g. createMemoryPromptStore()',
  }),
  maxTemplateLength: z.number().int().positive().default(20_000),
  maxValueLength: z.number().int().positive().default(500),
}));

const tenantSchema = lazyObject(() => z.string().min(1, 'Expected `tenantId` to be a non-empty string').max(200));
const safeName = /^[A-Za-z0-9_-]{1,100}$/;
/**
 * A prompt name is its key: letters, digits, `-` and `_`. A display name such as seed 002's
 * "E-commerce Support" is accepted too and stands for its derived key, `e-commerce-support`
 * (accents dropped, lowercased, every other run of characters turned into one `-`), in every
 * method, so seed data imports as it is and renders by the name it was saved under.
 */
const nameSchema = lazyObject(() => z
  .string({ message: 'Expected `name` to be a string' })
  .max(200, 'Expected `name` of at most 200 characters')
  .transform((name, context) => {
    if (safeName.test(name)) return name;
    const key = name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 100);
    if (key === '') {
      context.addIssue({ code: 'custom', message: 'Expected `name` to contain letters or digits (the key is made of letters, digits, "-" and "_")' });
      return z.NEVER;
    }
    return key;
  }));
const cacheLimit = 500;
/** The key a name stands for; a name with no key is passed on for the store to reject. */
const keyOf = (name: string): string => {
  const parsed = nameSchema.safeParse(name);
  return parsed.success ? parsed.data : name;
};

interface Compiled {
  readonly source: string;
  readonly variables: string;
  readonly template: PromptTemplate<Record<string, string>>;
  readonly inline: readonly string[];
}

/**
 * Creates the registry of tenant custom prompts. Templates are checked on save — syntax, that
 * the declared variables match the placeholders exactly, no `{{list}}` (values are strings) —
 * and each saved version is immutable, so compiled prompts are cached per version.
 *
 * @example
 * ```ts
 * import { createMemoryPromptStore, createPromptRegistry } from 'crmkit';
 *
 * const registry = createPromptRegistry({ store: createMemoryPromptStore() });
 * await registry.save('acme', {
 *   name: 'ecommerce-support',
 *   template: 'You are {{agent_name}} from {{company_name}}. Help customer {{customer_name}} with {{issue_type}}. Be {{tone}} and professional.',
 * });
 * const { messages } = await registry.render('acme', 'ecommerce-support', {
 *   agent_name: 'Ava', company_name: 'Acme', customer_name: 'Jane', issue_type: 'a late order', tone: 'warm',
 * });
 * ```
 */
export function createPromptRegistry(options: PromptRegistryOptions): PromptRegistry {
  const { store, maxTemplateLength, maxValueLength } = parseInput(optionsSchema, options, 'createPromptRegistry options');
  const cache = new Map<string, Compiled>();

  const compile = (stored: StoredPrompt): Compiled => {
    const key = JSON.stringify([stored.tenantId, stored.name, stored.version]);
    const variables = stored.variables.join(',');
    const hit = cache.get(key);
    // A version can reappear with other content after a delete (here or in another process).
    if (hit && hit.source === stored.template && hit.variables === variables) return hit;
    const parsed = parseTemplate(stored.template, 'template');
    const compiled: Compiled = {
      source: stored.template,
      variables,
      template: definePrompt({
        name: stored.name,
        template: { system: stored.template },
        variables: z.object(Object.fromEntries(stored.variables.map((variable) => [variable, z.string({ message: `Expected \`${variable}\` to be a string` })]))),
      }) as PromptTemplate<Record<string, string>>,
      inline: [...parsed.references].filter(([, kinds]) => kinds.has('text')).map(([variable]) => variable),
    };
    cache.delete(key);
    if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value!);
    cache.set(key, compiled);
    return compiled;
  };

  const fetch = async (tenantId: string, name: string, callOptions: RegistryCallOptions & { version?: number }): Promise<StoredPrompt> => {
    const key = parseInput(z.object({ tenantId: tenantSchema, name: nameSchema }), { tenantId, name }, 'prompt registry arguments').name;
    const stored = await store.get(tenantId, key, { version: callOptions.version, signal: callOptions.signal });
    if (!stored) throw new PromptNotFoundError({ promptName: key, version: callOptions.version });
    return stored;
  };

  return {
    async save(tenantId, prompt, callOptions = {}) {
      throwIfAborted(callOptions.signal);
      const input = parseInput(
        z.object({
          tenantId: tenantSchema,
          name: nameSchema,
          template: z.string().min(1, 'Expected `template` to be a non-empty string').max(maxTemplateLength, `Expected \`template\` to have at most ${maxTemplateLength} characters`),
          variables: z.array(z.string()).optional(),
          description: z.string().max(1000).optional(),
        }),
        { tenantId, ...prompt },
        'custom prompt',
      );
      const parsed = parseTemplate(input.template, 'template');
      const issues: ValidationIssue[] = [...parsed.issues];
      const used = [...parsed.references.keys()];
      for (const [variable, kinds] of parsed.references) {
        if (kinds.has('list')) issues.push({ path: 'template', message: `{{list ${variable}}} is not available in custom prompts (values are strings): use {{${variable}}}` });
      }
      if (input.variables) {
        const declared = new Set(input.variables);
        for (const variable of used) if (!declared.has(variable)) issues.push({ path: 'variables', message: `The template uses \`${variable}\` but \`variables\` does not list it` });
        for (const variable of declared) if (!parsed.references.has(variable)) issues.push({ path: 'variables', message: `\`variables\` lists \`${variable}\` but the template never uses it` });
        if (declared.size !== input.variables.length) issues.push({ path: 'variables', message: 'Expected `variables` to list each name once' });
      }
      if (issues.length > 0) throw new ValidationError(`custom prompt "${input.name}"`, issues);
      const stored = await store.save(
        input.tenantId,
        { name: input.name, template: input.template, variables: input.variables ?? used, ...(input.description === undefined ? {} : { description: input.description }) },
        { signal: callOptions.signal },
      );
      compile(stored);
      return stored;
    },
    async get(tenantId, name, callOptions = {}) {
      const key = parseInput(z.object({ tenantId: tenantSchema, name: nameSchema }), { tenantId, name }, 'prompt registry arguments').name;
      return store.get(tenantId, key, { version: callOptions.version, signal: callOptions.signal });
    },
    async load(tenantId, name, callOptions = {}) {
      return compile(await fetch(tenantId, name, callOptions)).template;
    },
    async render(tenantId, name, values, renderOptions = {}) {
      const { template, inline } = compile(await fetch(tenantId, name, renderOptions));
      const safe: Record<string, unknown> = { ...values };
      for (const variable of inline) {
        const value = safe[variable];
        if (typeof value === 'string') safe[variable] = neutralizeInline(value, maxValueLength);
      }
      return template.render(safe as Record<string, string>, renderOptions);
    },
    list: (tenantId, callOptions = {}) => store.list(parseInput(tenantSchema, tenantId, 'tenantId'), { signal: callOptions.signal }),
    versions: (tenantId, name, callOptions = {}) => store.versions(tenantId, keyOf(name), { signal: callOptions.signal }),
    delete: (tenantId, name, callOptions = {}) => store.delete(tenantId, keyOf(name), { signal: callOptions.signal }),
  };
}
