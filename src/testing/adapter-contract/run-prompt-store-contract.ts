import assert from 'node:assert/strict';
import { ValidationError } from '../../core/errors.js';
import type { Clock } from '../../core/clock.js';
import type { PromptStore } from '../../core/prompt-store.js';
import type { ContractTestApi } from './contract-test-api.js';
import { createContractClock, uniqueTenant } from './contract-clock.js';

/**
 * Options of {@link runPromptStoreContract}.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 *
 * const options: PromptStoreContractOptions = {
 *   name: 'dynamodb',
 *   test: { describe, it },
 *   createStore: ({ clock }) => createDynamoPromptStore({ table: 'crm-test', clock }),
 * };
 * runPromptStoreContract(options);
 * ```
 */
export interface PromptStoreContractOptions {
  /** Shown in the suite's name, e.g. `postgres`. */
  readonly name: string;
  /** `describe` and `it` of your test runner. */
  readonly test: ContractTestApi;
  /** Makes the store under test; it must take `createdAt` from `clock`. Every test uses tenants of its own. */
  readonly createStore: (context: { readonly clock: Clock }) => PromptStore | Promise<PromptStore>;
}

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

/**
 * The behaviour every {@link PromptStore} must have: versioning, latest-by-default reads, listing,
 * deletion, concurrent saves and tenant isolation.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { runPromptStoreContract } from 'crmkit/testing';
 *
 * runPromptStoreContract({ name: 'my store', test: { describe, it }, createStore: ({ clock }) => createMyPromptStore({ clock }) });
 * ```
 */
export function runPromptStoreContract(options: PromptStoreContractOptions): void {
  const { describe, it } = options.test;
  const setup = async (): Promise<{ store: PromptStore; clock: ReturnType<typeof createContractClock>; tenant: string; other: string }> => {
    const clock = createContractClock();
    return { store: await options.createStore({ clock }), clock, tenant: uniqueTenant('p'), other: uniqueTenant('q') };
  };

  describe(`PromptStore contract: ${options.name}`, () => {
    it('numbers versions from 1 and reads the latest unless a version is asked for', async () => {
      const { store, clock, tenant } = await setup();
      const first = await store.save(tenant, { name: 'greeting', template: 'Hi {{name}}', variables: ['name'], description: 'first' });
      clock.advance(1000);
      const second = await store.save(tenant, { name: 'greeting', template: 'Hello {{name}}!', variables: ['name'] });
      assert.deepEqual([first.version, second.version], [1, 2]);
      assert.equal(first.createdAt.getTime(), clock.now() - 1000);
      assert.equal(first.tenantId, tenant);
      assert.deepEqual(plain(await store.get(tenant, 'greeting')), plain(second));
      assert.deepEqual(plain(await store.get(tenant, 'greeting', { version: 1 })), plain(first));
      assert.equal(await store.get(tenant, 'greeting', { version: 3 }), undefined);
      assert.equal(await store.get(tenant, 'missing'), undefined);
      assert.deepEqual((await store.versions(tenant, 'greeting')).map((prompt) => prompt.version), [1, 2]);
    });

    it('answers a save identical to the latest version (a retry) with that version', async () => {
      const { store, clock, tenant } = await setup();
      const prompt = { name: 'retry', template: 'Hi {{name}}', variables: ['name'], description: 'first' };
      const first = await store.save(tenant, prompt);
      clock.advance(1000);
      assert.deepEqual(plain(await store.save(tenant, { ...prompt, variables: ['name'] })), plain(first));
      const changed = await store.save(tenant, { ...prompt, description: undefined });
      const back = await store.save(tenant, prompt);
      assert.deepEqual([changed.version, back.version], [2, 3]);
      assert.deepEqual((await store.versions(tenant, 'retry')).map((saved) => saved.version), [1, 2, 3]);
    });

    it('refuses NUL bytes, lone surrogates and bad keys with a ValidationError naming the field, before writing', async () => {
      const { store, tenant } = await setup();
      const refusedField = async (promise: Promise<unknown>, field: string): Promise<void> => {
        await assert.rejects(promise, (error: unknown) => ValidationError.isInstance(error) && error.issues.some((issue) => issue.path === field));
      };
      await refusedField(store.save(tenant, { name: 'bad', template: 'Hi\u0000', variables: [] }), 'template');
      await refusedField(store.save(tenant, { name: 'bad', template: 'Hi \ud800', variables: [] }), 'template');
      await refusedField(store.save(tenant, { name: 'bad', template: 'Hi', variables: [], description: '\udc00' }), 'description');
      await refusedField(store.save('', { name: 'bad', template: 'Hi', variables: [] }), 'tenantId');
      await refusedField(store.save(`${tenant}\u0000`, { name: 'bad', template: 'Hi', variables: [] }), 'tenantId');
      await refusedField(store.save(tenant, { name: 'no spaces', template: 'Hi', variables: [] }), 'name');
      assert.equal(await store.get(tenant, 'bad'), undefined);
    });

    it('lists the latest version of each prompt, ordered by name', async () => {
      const { store, tenant } = await setup();
      await store.save(tenant, { name: 'zeta', template: 'z', variables: [] });
      await store.save(tenant, { name: 'alpha', template: 'a1', variables: [] });
      await store.save(tenant, { name: 'alpha', template: 'a2', variables: [] });
      const listed = await store.list(tenant);
      assert.deepEqual(listed.map((prompt) => [prompt.name, prompt.version, prompt.template]), [['alpha', 2, 'a2'], ['zeta', 1, 'z']]);
    });

    it('deletes every version and starts again from 1', async () => {
      const { store, tenant } = await setup();
      await store.save(tenant, { name: 'temp', template: 't1', variables: [] });
      await store.save(tenant, { name: 'temp', template: 't2', variables: [] });
      assert.equal(await store.delete(tenant, 'temp'), true);
      assert.equal(await store.delete(tenant, 'temp'), false);
      assert.deepEqual(await store.versions(tenant, 'temp'), []);
      assert.equal((await store.save(tenant, { name: 'temp', template: 't3', variables: [] })).version, 1);
    });

    it('gives concurrent saves of one name distinct versions', async () => {
      const { store, tenant } = await setup();
      const saved = await Promise.all(Array.from({ length: 20 }, (_, index) => store.save(tenant, { name: 'busy', template: `v${index}`, variables: [] })));
      assert.deepEqual(
        saved.map((prompt) => prompt.version).sort((a, b) => a - b),
        Array.from({ length: 20 }, (_, index) => index + 1),
      );
    });

    it("never reads or deletes another tenant's prompts", async () => {
      const { store, tenant, other } = await setup();
      await store.save(tenant, { name: 'secret', template: 'tenant A only', variables: [] });
      assert.equal(await store.get(other, 'secret'), undefined);
      assert.deepEqual(await store.list(other), []);
      assert.deepEqual(await store.versions(other, 'secret'), []);
      assert.equal(await store.delete(other, 'secret'), false);
      assert.equal((await store.save(other, { name: 'secret', template: 'tenant B', variables: [] })).version, 1);
      assert.equal((await store.get(tenant, 'secret'))?.template, 'tenant A only');
    });
  });
}
