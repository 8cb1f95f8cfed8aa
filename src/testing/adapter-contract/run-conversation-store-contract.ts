import assert from 'node:assert/strict';
import type { Clock } from '../../core/clock.js';
import { CrmKitError, ValidationError } from '../../core/errors.js';
import { AdapterError, type AdapterErrorKind } from '../../adapters/adapter-error.js';
import type { ConversationStore } from '../../adapters/conversation-store.js';
import type { ContractTestApi } from './contract-test-api.js';
import { createContractClock, uniqueTenant } from './contract-clock.js';

/**
 * Options of {@link runConversationStoreContract}.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 *
 * const options: ConversationStoreContractOptions = {
 *   name: 'dynamodb',
 *   test: { describe, it },
 *   createStore: ({ clock }) => createDynamoConversationStore({ table: 'crm-test', clock }),
 *   concurrentAppends: 20,
 * };
 * runConversationStoreContract(options);
 * ```
 */
export interface ConversationStoreContractOptions {
  /** Shown in the suite's name, e.g. `postgres`. */
  readonly name: string;
  /** `describe` and `it` of your test runner. */
  readonly test: ContractTestApi;
  /**
   * Makes the store under test. Called once per test with a clock the suite moves by hand: the
   * store must take `createdAt` / `updatedAt` from it. Stores may share one backend; every test
   * uses tenants of its own.
   */
  readonly createStore: (context: { readonly clock: Clock }) => ConversationStore | Promise<ConversationStore>;
  /**
   * How many appends the concurrency test races against one session.
   * @default 100
   */
  readonly concurrentAppends?: number;
}

/** Drops `undefined` fields and turns dates into strings, so absent and undefined compare equal. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

async function rejectsWith(promise: Promise<unknown>, expected: AdapterErrorKind | 'validation' | 'aborted'): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    if (expected === 'validation') return ValidationError.isInstance(error);
    if (expected === 'aborted') return CrmKitError.isInstance(error) && error.code === 'aborted';
    return AdapterError.isInstance(error) && error.kind === expected;
  });
}

/**
 * The behaviour every {@link ConversationStore} must have, as a test suite: run it against your
 * own store to know it behaves like crmkit's memory, Postgres and Redis stores. Covers sessions,
 * sequencing, paging, concurrent appends, feedback, escalation, closing, validation, abort and
 * tenant isolation.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { runConversationStoreContract } from 'crmkit/testing';
 *
 * runConversationStoreContract({
 *   name: 'my store',
 *   test: { describe, it },
 *   createStore: ({ clock }) => createMyConversationStore({ pool, clock }),
 * });
 * ```
 */
export function runConversationStoreContract(options: ConversationStoreContractOptions): void {
  const { describe, it } = options.test;
  const concurrent = options.concurrentAppends ?? 100;
  const setup = async (): Promise<{ store: ConversationStore; clock: ReturnType<typeof createContractClock>; tenant: string; other: string }> => {
    const clock = createContractClock();
    const store = await options.createStore({ clock });
    return { store, clock, tenant: uniqueTenant('a'), other: uniqueTenant('b') };
  };

  describe(`ConversationStore contract: ${options.name}`, () => {
    it('creates a session with defaults and reads it back', async () => {
      const { store, clock, tenant } = await setup();
      const session = await store.createSession(tenant, { userId: 'u1', context: { currentPage: 'dashboard', depth: 2 }, visitorInfo: { name: 'Jane' } });
      assert.match(session.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.equal(session.tenantId, tenant);
      assert.equal(session.status, 'active');
      assert.equal(session.sessionType, 'customer_support');
      assert.deepEqual([session.messageCount, session.totalTokens, session.totalCostMicros], [0, 0, 0]);
      assert.equal(session.createdAt.getTime(), clock.now());
      assert.equal(session.updatedAt.getTime(), clock.now());
      assert.deepEqual(plain(await store.getSession(tenant, session.id)), plain(session));
    });

    it('accepts a host-supplied UUID (any case) and refuses a duplicate with kind conflict', async () => {
      const { store, tenant } = await setup();
      const id = crypto.randomUUID();
      const session = await store.createSession(tenant, { id: id.toUpperCase(), sessionType: 'admin_assistant' });
      assert.equal(session.id, id);
      assert.equal(session.sessionType, 'admin_assistant');
      assert.equal((await store.getSession(tenant, id.toUpperCase()))?.id, id);
      await rejectsWith(store.createSession(tenant, { id }), 'conflict');
    });

    it('numbers messages 1, 2, 3… and keeps the totals', async () => {
      const { store, clock, tenant } = await setup();
      const session = await store.createSession(tenant, {});
      clock.advance(1000);
      const first = await store.appendMessage(tenant, session.id, { role: 'user', sender: 'visitor', content: 'Where is my order #54321?', tokens: 12 });
      clock.advance(1000);
      const second = await store.appendMessage(tenant, session.id, {
        role: 'assistant',
        sender: 'bot',
        content: 'It left the warehouse today.',
        tokens: 30,
        costMicros: 450,
        responseTimeMs: 812,
        metadata: { provider: 'openai', model: 'gpt-4o-mini' },
      });
      assert.deepEqual([first.sequence, second.sequence], [1, 2]);
      assert.equal(first.sessionId, session.id);
      assert.equal(first.tenantId, tenant);
      assert.equal(first.incomplete, false);
      assert.equal(second.createdAt.getTime(), clock.now());
      const stored = await store.getSession(tenant, session.id);
      assert.deepEqual([stored?.messageCount, stored?.totalTokens, stored?.totalCostMicros], [2, 42, 450]);
      assert.equal(stored?.updatedAt.getTime(), clock.now());
      const { messages, hasMore } = await store.history(tenant, session.id);
      assert.equal(hasMore, false);
      assert.deepEqual(plain(messages), plain([first, second]));
    });

    it('applies an append retried with the same message id once, even after the session closed', async () => {
      const { store, clock, tenant } = await setup();
      const session = await store.createSession(tenant, {});
      const id = crypto.randomUUID();
      const input = { id, role: 'user', content: 'Where is my order?', tokens: 7, costMicros: 3 } as const;
      const first = await store.appendMessage(tenant, session.id, input);
      clock.advance(1000);
      const repeated = await store.appendMessage(tenant, session.id, { ...input, id: id.toUpperCase() });
      const raced = await Promise.all([store.appendMessage(tenant, session.id, input), store.appendMessage(tenant, session.id, input)]);
      const next = await store.appendMessage(tenant, session.id, { role: 'assistant', content: 'It ships today.' });
      await store.close(tenant, session.id);
      const afterClose = await store.appendMessage(tenant, session.id, input);
      assert.equal(first.id, id);
      for (const copy of [repeated, ...raced, afterClose]) assert.deepEqual(plain(copy), plain(first));
      assert.equal(next.sequence, 2);
      const stored = await store.getSession(tenant, session.id);
      assert.deepEqual([stored?.messageCount, stored?.totalTokens, stored?.totalCostMicros], [2, 7, 3]);
      assert.deepEqual((await store.history(tenant, session.id)).messages.map((message) => [message.sequence, message.id]), [[1, id], [2, next.id]]);
    });

    it('keeps a reply cut off mid-stream, flagged incomplete', async () => {
      const { store, tenant } = await setup();
      const session = await store.createSession(tenant);
      const partial = await store.appendMessage(tenant, session.id, { role: 'assistant', content: 'Your order is on its wa', incomplete: true });
      assert.equal(partial.incomplete, true);
      const { messages } = await store.history(tenant, session.id);
      assert.equal(messages[0]?.incomplete, true);
      assert.equal(messages[0]?.content, 'Your order is on its wa');
    });

    it('pages history forwards, backwards and from the newest end', async () => {
      const { store, tenant } = await setup();
      const session = await store.createSession(tenant);
      for (let index = 1; index <= 7; index += 1) {
        await store.appendMessage(tenant, session.id, { role: index % 2 ? 'user' : 'assistant', content: `m${index}` });
      }
      const contents = (page: { messages: { content: string }[] }): string[] => page.messages.map((message) => message.content);
      const firstPage = await store.history(tenant, session.id, { limit: 3 });
      assert.deepEqual([contents(firstPage), firstPage.hasMore], [['m1', 'm2', 'm3'], true]);
      const nextPage = await store.history(tenant, session.id, { limit: 3, after: 3 });
      assert.deepEqual([contents(nextPage), nextPage.hasMore], [['m4', 'm5', 'm6'], true]);
      const lastPage = await store.history(tenant, session.id, { limit: 3, after: 6 });
      assert.deepEqual([contents(lastPage), lastPage.hasMore], [['m7'], false]);
      const latest = await store.history(tenant, session.id, { from: 'end', limit: 2 });
      assert.deepEqual([contents(latest), latest.hasMore], [['m6', 'm7'], true]);
      const earlier = await store.history(tenant, session.id, { from: 'end', limit: 4, before: 6 });
      assert.deepEqual([contents(earlier), earlier.hasMore], [['m2', 'm3', 'm4', 'm5'], true]);
      const window = await store.history(tenant, session.id, { after: 2, before: 5 });
      assert.deepEqual([contents(window), window.hasMore], [['m3', 'm4'], false]);
      const beyond = await store.history(tenant, session.id, { after: 7 });
      assert.deepEqual([contents(beyond), beyond.hasMore], [[], false]);
      await rejectsWith(store.history(tenant, session.id, { limit: 0 }), 'validation');
    });

    it(`loses no message and keeps order when ${concurrent} appends race on one session`, async () => {
      const { store, tenant } = await setup();
      const session = await store.createSession(tenant);
      const appended = await Promise.all(
        Array.from({ length: concurrent }, (_, index) => store.appendMessage(tenant, session.id, { role: 'user', content: `c${index}`, tokens: 1, costMicros: 2 })),
      );
      assert.deepEqual(
        appended.map((message) => message.sequence).sort((a, b) => a - b),
        Array.from({ length: concurrent }, (_, index) => index + 1),
      );
      const { messages } = await store.history(tenant, session.id, { limit: 1000 });
      assert.equal(messages.length, concurrent);
      assert.deepEqual(
        messages.map((message) => message.sequence),
        Array.from({ length: concurrent }, (_, index) => index + 1),
      );
      // Each message is stored under the sequence its append returned.
      const bySequence = new Map(appended.map((message) => [message.sequence, message.content]));
      for (const message of messages) assert.equal(message.content, bySequence.get(message.sequence));
      const stored = await store.getSession(tenant, session.id);
      assert.deepEqual([stored?.messageCount, stored?.totalTokens, stored?.totalCostMicros], [concurrent, concurrent, 2 * concurrent]);
    }, 30_000);

    it("lists a user's sessions newest first, with a limit, and nobody else's", async () => {
      const { store, clock, tenant, other } = await setup();
      const created = [];
      for (let index = 0; index < 4; index += 1) {
        clock.advance(1000);
        created.push(await store.createSession(tenant, { userId: 'u1' }));
      }
      await store.createSession(tenant, { userId: 'u2' });
      await store.createSession(other, { userId: 'u1' });
      const listed = await store.listUserSessions(tenant, 'u1', { limit: 3 });
      assert.deepEqual(
        listed.map((session) => session.id),
        created.slice(1).reverse().map((session) => session.id),
      );
      assert.equal((await store.listUserSessions(tenant, 'u1')).length, 4);
      assert.deepEqual(await store.listUserSessions(tenant, 'nobody'), []);
    });

    it('breaks ties between sessions created at the same instant by id, descending', async () => {
      const { store, tenant } = await setup();
      const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
      for (const id of ids) await store.createSession(tenant, { id, userId: 'u1' });
      const listed = await store.listUserSessions(tenant, 'u1');
      assert.deepEqual(
        listed.map((session) => session.id),
        [...ids].sort().reverse(),
      );
    });

    it('records feedback (rating 1–5 and text) and replaces it on a second submit', async () => {
      const { store, clock, tenant } = await setup();
      const session = await store.createSession(tenant);
      clock.advance(5000);
      const rated = await store.submitFeedback(tenant, session.id, { rating: 5, feedback: 'Very helpful!' });
      assert.deepEqual([rated.rating, rated.feedback], [5, 'Very helpful!']);
      assert.equal(rated.updatedAt.getTime(), clock.now());
      const rerated = await store.submitFeedback(tenant, session.id, { rating: 2 });
      assert.deepEqual([rerated.rating, rerated.feedback], [2, undefined]);
      assert.deepEqual(plain(await store.getSession(tenant, session.id)), plain(rerated));
      for (const rating of [0, 6, 2.5]) await rejectsWith(store.submitFeedback(tenant, session.id, { rating }), 'validation');
    });

    it('escalates with a reason, keeps the first reason, and still takes messages', async () => {
      const { store, clock, tenant } = await setup();
      const session = await store.createSession(tenant);
      clock.advance(1000);
      const escalated = await store.escalate(tenant, session.id, { reason: 'Complex billing issue requiring human review' });
      assert.equal(escalated.status, 'escalated');
      assert.equal(escalated.escalationReason, 'Complex billing issue requiring human review');
      assert.equal(escalated.escalatedAt?.getTime(), clock.now());
      clock.advance(1000);
      const again = await store.escalate(tenant, session.id, { reason: 'another' });
      assert.deepEqual(plain(again), plain(escalated));
      const reply = await store.appendMessage(tenant, session.id, { role: 'assistant', sender: 'agent-7', content: 'A colleague here, let me help.' });
      assert.equal(reply.sequence, 1);
      await rejectsWith(store.escalate(tenant, session.id, { reason: '' }), 'validation');
    });

    it('closes a session: idempotent, no more messages or escalation, feedback still welcome', async () => {
      const { store, clock, tenant } = await setup();
      const session = await store.createSession(tenant);
      clock.advance(1000);
      const closed = await store.close(tenant, session.id);
      assert.equal(closed.status, 'closed');
      assert.equal(closed.closedAt?.getTime(), clock.now());
      clock.advance(1000);
      assert.deepEqual(plain(await store.close(tenant, session.id)), plain(closed));
      await rejectsWith(store.appendMessage(tenant, session.id, { role: 'user', content: 'hello?' }), 'invalid_state');
      await rejectsWith(store.escalate(tenant, session.id, { reason: 'late' }), 'invalid_state');
      const rated = await store.submitFeedback(tenant, session.id, { rating: 4 });
      assert.equal(rated.rating, 4);
      assert.equal((await store.getSession(tenant, session.id))?.messageCount, 0);
    });

    it("never reads or changes another tenant's session, even with its id", async () => {
      const { store, tenant, other } = await setup();
      const session = await store.createSession(tenant, { userId: 'u1' });
      await store.appendMessage(tenant, session.id, { role: 'user', content: 'private' });
      assert.equal(await store.getSession(other, session.id), undefined);
      await rejectsWith(store.history(other, session.id), 'not_found');
      await rejectsWith(store.appendMessage(other, session.id, { role: 'user', content: 'intruder' }), 'not_found');
      await rejectsWith(store.submitFeedback(other, session.id, { rating: 1 }), 'not_found');
      await rejectsWith(store.escalate(other, session.id, { reason: 'take over' }), 'not_found');
      await rejectsWith(store.close(other, session.id), 'not_found');
      assert.deepEqual(await store.listUserSessions(other, 'u1'), []);
      const untouched = await store.getSession(tenant, session.id);
      assert.deepEqual([untouched?.status, untouched?.messageCount, untouched?.rating], ['active', 1, undefined]);
      const { messages } = await store.history(tenant, session.id);
      assert.deepEqual(messages.map((message) => message.content), ['private']);
      // The same id may be used by another tenant without touching the first one's session.
      const twin = await store.createSession(other, { id: session.id });
      assert.equal(twin.messageCount, 0);
      assert.equal((await store.getSession(tenant, session.id))?.messageCount, 1);
    });

    it('answers not_found for an unknown session and undefined from getSession', async () => {
      const { store, tenant } = await setup();
      const missing = crypto.randomUUID();
      assert.equal(await store.getSession(tenant, missing), undefined);
      await rejectsWith(store.appendMessage(tenant, missing, { role: 'user', content: 'hi' }), 'not_found');
      await rejectsWith(store.history(tenant, missing), 'not_found');
      await rejectsWith(store.close(tenant, missing), 'not_found');
    });

    it('rejects bad input with a ValidationError naming the field, before writing anything', async () => {
      const { store, tenant } = await setup();
      await rejectsWith(store.createSession('', {}), 'validation');
      await rejectsWith(store.createSession(tenant, { id: 'not-a-uuid' }), 'validation');
      await rejectsWith(store.getSession(tenant, 'not-a-uuid'), 'validation');
      const session = await store.createSession(tenant);
      const invalid = store.appendMessage(tenant, session.id, { role: 'robot' as 'user', content: 'hi', tokens: -1 });
      await assert.rejects(invalid, (error: unknown) => {
        assert.ok(ValidationError.isInstance(error));
        assert.deepEqual(error.issues.map((issue) => issue.path).sort(), ['role', 'tokens']);
        return true;
      });
      assert.equal((await store.getSession(tenant, session.id))?.messageCount, 0);
    });

    it('refuses NUL bytes, lone surrogates, over-long content and bad ids with a ValidationError naming the field, before writing', async () => {
      const { store, tenant } = await setup();
      const refusedField = async (promise: Promise<unknown>, field: string): Promise<void> => {
        await assert.rejects(promise, (error: unknown) => {
          assert.ok(ValidationError.isInstance(error), `expected a ValidationError naming ${field}, got ${String(error)}`);
          assert.ok(
            error.issues.some((issue) => issue.path === field || issue.path.startsWith(`${field}.`)),
            `expected an issue on ${field}, got ${error.issues.map((issue) => issue.path).join(', ')}`,
          );
          return true;
        });
      };
      const session = await store.createSession(tenant);
      const limit = 262_144;
      await refusedField(store.appendMessage(tenant, session.id, { role: 'user', content: 'a\u0000b' }), 'content');
      await refusedField(store.appendMessage(tenant, session.id, { role: 'user', content: 'a\ud800b' }), 'content');
      await refusedField(store.appendMessage(tenant, session.id, { role: 'user', content: 'x'.repeat(limit + 1) }), 'content');
      await refusedField(store.appendMessage(tenant, session.id, { role: 'user', content: '\u00e9'.repeat(limit / 2 + 1) }), 'content'); // 2 bytes each in UTF-8
      await refusedField(store.appendMessage(tenant, session.id, { role: 'user', content: 'hi', metadata: { note: 'a\u0000' } }), 'metadata');
      await refusedField(store.appendMessage(tenant, session.id, { role: 'user', content: 'hi', sender: 'agent\u0000' }), 'sender');
      await refusedField(store.appendMessage(tenant, session.id, { id: 'not-a-uuid', role: 'user', content: 'hi' }), 'id');
      await refusedField(store.appendMessage('acme\u0000', session.id, { role: 'user', content: 'hi' }), 'tenantId');
      await refusedField(store.appendMessage(`${tenant}\udc00`, session.id, { role: 'user', content: 'hi' }), 'tenantId');
      await refusedField(store.appendMessage(tenant, '', { role: 'user', content: 'hi' }), 'sessionId');
      await refusedField(store.createSession('', {}), 'tenantId');
      await refusedField(store.createSession(tenant, { userId: 'u\u0001' }), 'userId');
      await refusedField(store.createSession(tenant, { context: { page: '\ud800' } }), 'context');
      await refusedField(store.submitFeedback(tenant, session.id, { rating: 4, feedback: 'ok\u0000' }), 'feedback');
      await refusedField(store.escalate(tenant, session.id, { reason: '\udfff' }), 'reason');
      const untouched = await store.getSession(tenant, session.id);
      assert.deepEqual([untouched?.messageCount, untouched?.status, untouched?.rating], [0, 'active', undefined]);
      // Exactly at the limit, and well-formed astral characters, are fine and read back unchanged.
      const longest = await store.appendMessage(tenant, session.id, { role: 'user', content: 'x'.repeat(limit) });
      const emoji = await store.appendMessage(tenant, session.id, { role: 'user', content: 'thanks \u{1F600} \u00e9' });
      const { messages } = await store.history(tenant, session.id);
      assert.deepEqual(
        messages.map((message) => message.content.length),
        [longest.content.length, emoji.content.length],
      );
      assert.equal(messages[1]?.content, 'thanks \u{1F600} \u00e9');
    });

    it('rejects with kind aborted when the signal has already fired, and writes nothing', async () => {
      const { store, tenant } = await setup();
      const session = await store.createSession(tenant, { userId: 'u1' });
      const signal = AbortSignal.abort();
      await rejectsWith(store.appendMessage(tenant, session.id, { role: 'user', content: 'hi' }, { signal }), 'aborted');
      await rejectsWith(store.createSession(tenant, { userId: 'u1' }, { signal }), 'aborted');
      await rejectsWith(store.history(tenant, session.id, { signal }), 'aborted');
      assert.equal((await store.getSession(tenant, session.id))?.messageCount, 0);
      assert.equal((await store.listUserSessions(tenant, 'u1')).length, 1);
    });
  });
}
