import { throwIfAborted } from '../../core/abort.js';
import { systemClock, type Clock } from '../../core/clock.js';
import { checkNewPrompt, checkPromptKey } from '../prompt-input.js';
import type { NewStoredPrompt, PromptStore, StoredPrompt } from '../../core/prompt-store.js';

/**
 * Options of {@link createMemoryPromptStore}.
 *
 * @example
 * ```ts
 * const options: MemoryPromptStoreOptions = { clock: { now: () => Date.parse('2025-01-01T00:00:00Z') } };
 * ```
 */
export interface MemoryPromptStoreOptions {
  /**
   * Stamps `createdAt`.
   * @default systemClock
   */
  readonly clock?: Clock;
}

/**
 * A {@link PromptStore} in process memory: the embedded default and the reference for the
 * persistent stores. Versions of one name are numbered 1, 2, 3… in save order; every record
 * handed out is a frozen copy, so callers cannot change stored history.
 *
 * @example
 * ```ts
 * import { createMemoryPromptStore, createPromptRegistry } from 'crmkit';
 *
 * const registry = createPromptRegistry({ store: createMemoryPromptStore() });
 * ```
 */
export function createMemoryPromptStore(options: MemoryPromptStoreOptions = {}): PromptStore {
  const clock = options.clock ?? systemClock;
  const tenants = new Map<string, Map<string, StoredPrompt[]>>();
  const versionsOf = (tenantId: string, name: string): StoredPrompt[] => tenants.get(tenantId)?.get(name) ?? [];

  return {
    async save(tenantId, prompt: NewStoredPrompt, callOptions) {
      throwIfAborted(callOptions?.signal);
      checkPromptKey(tenantId, prompt?.name, 'PromptStore.save input');
      checkNewPrompt(prompt);
      const prompts = tenants.get(tenantId) ?? new Map<string, StoredPrompt[]>();
      tenants.set(tenantId, prompts);
      const history = prompts.get(prompt.name) ?? [];
      prompts.set(prompt.name, history);
      const latest = history.at(-1);
      if (latest && sameContent(latest, prompt)) return copy(latest);
      const stored: StoredPrompt = Object.freeze({
        tenantId,
        name: prompt.name,
        version: history.length + 1,
        template: prompt.template,
        variables: Object.freeze([...prompt.variables]),
        ...(prompt.description === undefined ? {} : { description: prompt.description }),
        createdAt: new Date(clock.now()),
      });
      history.push(stored);
      return copy(stored);
    },
    async get(tenantId, name, callOptions) {
      throwIfAborted(callOptions?.signal);
      const history = versionsOf(tenantId, name);
      const found = callOptions?.version === undefined ? history.at(-1) : history.find((prompt) => prompt.version === callOptions.version);
      return found && copy(found);
    },
    async list(tenantId, callOptions) {
      throwIfAborted(callOptions?.signal);
      const prompts = [...(tenants.get(tenantId)?.values() ?? [])].flatMap((history) => history.slice(-1));
      return prompts.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0)).map(copy);
    },
    async versions(tenantId, name, callOptions) {
      throwIfAborted(callOptions?.signal);
      return versionsOf(tenantId, name).map(copy);
    },
    async delete(tenantId, name, callOptions) {
      throwIfAborted(callOptions?.signal);
      return tenants.get(tenantId)?.delete(name) ?? false;
    },
  };
}

/** A save identical to the latest version is a repeat (a retry), not a new version. */
function sameContent(stored: StoredPrompt, prompt: NewStoredPrompt): boolean {
  return (
    stored.template === prompt.template &&
    stored.description === prompt.description &&
    stored.variables.length === prompt.variables.length &&
    stored.variables.every((variable, index) => variable === prompt.variables[index])
  );
}

// `createdAt` is a mutable Date: hand out a fresh one so a caller's setTime never reaches the store.
function copy(prompt: StoredPrompt): StoredPrompt {
  return Object.freeze({ ...prompt, createdAt: new Date(prompt.createdAt.getTime()) });
}
