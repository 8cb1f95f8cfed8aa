/**
 * One saved version of a tenant's custom prompt (seed 002: name, template, variables).
 *
 * @example
 * ```ts
 * const prompt: StoredPrompt = {
 *   tenantId: 'acme', name: 'ecommerce-support', version: 1,
 *   template: 'You are {{agent_name}} from {{company_name}}.', variables: ['agent_name', 'company_name'],
 *   createdAt: new Date(),
 * };
 * ```
 */
export interface StoredPrompt {
  readonly tenantId: string;
  /** Unique per tenant; letters, digits, `-` and `_`. */
  readonly name: string;
  /** 1 for the first save, +1 for every later save of the same name. */
  readonly version: number;
  readonly template: string;
  /** The variable names the template uses, as validated by the prompt registry. */
  readonly variables: readonly string[];
  readonly description?: string;
  readonly createdAt: Date;
}

/**
 * What a caller saves; the store assigns `version` and `createdAt`.
 *
 * @example
 * ```ts
 * const prompt: NewStoredPrompt = { name: 'greeting', template: 'Hi {{name}}', variables: ['name'], description: 'First reply' };
 * const saved = await store.save('acme', prompt); // saved.version === 1 for a new name
 * ```
 */
export type NewStoredPrompt = Omit<StoredPrompt, 'version' | 'createdAt' | 'tenantId'>;

/**
 * Persistence for tenant prompts. A dumb store: validation lives in the prompt registry, which
 * checks a template before saving it. Every call is scoped by tenant.
 *
 * @example
 * ```ts
 * const saved = await store.save('acme', { name: 'greeting', template: 'Hi {{name}}', variables: ['name'] });
 * const latest = await store.get('acme', 'greeting');
 * ```
 */
export interface PromptStore {
  /**
   * Saves a new version (1 when the name is new) and returns it. Concurrent saves of one name get
   * distinct versions. A save identical to the latest version (template, variables, description)
   * returns the latest version instead, so a retried save is applied once.
   */
  save(tenantId: string, prompt: NewStoredPrompt, options?: { signal?: AbortSignal }): Promise<StoredPrompt>;
  /** The given version, or the latest when `version` is omitted; `undefined` when absent. */
  get(tenantId: string, name: string, options?: { version?: number; signal?: AbortSignal }): Promise<StoredPrompt | undefined>;
  /** The latest version of every prompt of the tenant, ordered by name. */
  list(tenantId: string, options?: { signal?: AbortSignal }): Promise<StoredPrompt[]>;
  /** Every version of one prompt, oldest first. */
  versions(tenantId: string, name: string, options?: { signal?: AbortSignal }): Promise<StoredPrompt[]>;
  /** Deletes every version; returns whether anything was deleted. */
  delete(tenantId: string, name: string, options?: { signal?: AbortSignal }): Promise<boolean>;
}
