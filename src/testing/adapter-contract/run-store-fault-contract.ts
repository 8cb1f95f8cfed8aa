import assert from 'node:assert/strict';
import { AdapterError } from '../../adapters/adapter-error.js';
import type { ConversationStore } from '../../adapters/conversation-store.js';
import type { BucketCharge, UsageStore } from '../../core/usage/usage-store.js';
import type { ContractTestApi } from './contract-test-api.js';
import { uniqueTenant } from './contract-clock.js';
import { createFaultProxy, type FaultProxy } from './create-fault-proxy.js';
import { seededRandom } from '../../core/seeded-random.js';

/**
 * The stores under test, connected through the suite's proxy.
 *
 * @example
 * ```ts
 * const stores: FaultContractStores = { conversations: createRedisConversationStore({ url }), close: async () => undefined };
 * ```
 */
export interface FaultContractStores {
  readonly conversations?: ConversationStore;
  readonly usage?: UsageStore;
  /** Closes what `createStores` opened. */
  close(): Promise<void>;
}

/**
 * What one fault run did and found; every count of a healthy store's `lost` and `duplicated` is 0.
 *
 * @example
 * ```ts
 * const onReport = (report: FaultRunReport): void => console.table([report]);
 * ```
 */
export interface FaultRunReport {
  readonly store: 'conversations' | 'usage';
  /** Writes acknowledged (appends, or settles and releases). */
  readonly writes: number;
  /** Calls that failed with a retryable error and were repeated with the same operation id. */
  readonly retries: number;
  /** Faults injected, by kind. */
  readonly faults: { readonly reset: number; readonly drop: number; readonly stall: number; readonly kill: number };
  /** Acknowledged writes missing afterwards. */
  readonly lost: number;
  /** Writes stored (or charged) more than once. */
  readonly duplicated: number;
  /** Missing sequence numbers (conversations). */
  readonly gaps: number;
  /** Ledger total minus the sum of acknowledged settles (usage); 0 when they agree. */
  readonly ledgerDifference: number;
  readonly durationMs: number;
}

/**
 * Options of {@link runStoreFaultContract}.
 *
 * @example
 * ```ts
 * const options: StoreFaultContractOptions = {
 *   name: 'redis',
 *   test: { describe, it },
 *   target: { host: '127.0.0.1', port: 6379 },
 *   createStores: ({ port }) => {
 *     const url = `redis://127.0.0.1:${port}`;
 *     const conversations = createRedisConversationStore({ url });
 *     return { conversations, close: () => conversations.end() };
 *   },
 * };
 * ```
 */
export interface StoreFaultContractOptions {
  /** Shown in the suite's name. */
  readonly name: string;
  readonly test: ContractTestApi;
  /** Where the real server listens; the suite puts its own proxy in front of it. */
  readonly target: { readonly host: string; readonly port: number };
  /** The port the proxy listens on. @default 0 (any free loopback port) */
  readonly proxyPort?: number;
  /** Creates the stores, connected to `127.0.0.1:<port>` (the proxy). Called once per test. */
  readonly createStores: (proxy: { readonly host: string; readonly port: number }) => FaultContractStores | Promise<FaultContractStores>;
  /**
   * Kills the stores' own server-side connections with the vendor's command (`CLIENT KILL ID …`
   * for Redis, `pg_terminate_backend` for Postgres, filtered to the test's own connections) and
   * returns how many it killed. Without it, kills are replaced by resets.
   */
  readonly killOwnConnections?: () => Promise<number>;
  /** Seed of the fault schedule: the same seed injects the same faults in the same order. @default 14 */
  readonly seed?: number;
  /** How long writes run while faults are injected. @default 3_000 */
  readonly durationMs?: number;
  /** Mean gap between faults. @default 120 */
  readonly faultEveryMs?: number;
  /** Writers running at once. @default 8 */
  readonly concurrency?: number;
  /** Receives each run's figures (for your logs or docs). */
  readonly onReport?: (report: FaultRunReport) => void;
}


const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Repeats `operation` while it fails with a retryable crmkit `AdapterError`, as a careful caller
 * would; any other failure fails the run at once, and so does giving up after `maxAttempts`.
 */
async function repeatWhileRetryable<T>(operation: () => Promise<T>, options: { readonly maxAttempts: number; readonly delayMs: () => number; readonly onRetry?: () => void }): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      // Only a crmkit error that says "retry me" may be retried.
      if (!AdapterError.isInstance(error) || !error.retryable) throw error;
      assert.ok(attempt < options.maxAttempts, `gave up after ${attempt} attempts: ${error.message}`);
      options.onRetry?.();
      await pause(options.delayMs());
    }
  }
}

/**
 * The fault section of the store contract suites: writes run while a loopback proxy the test owns
 * resets, drops and stalls the store's connections on a seeded schedule (and, when given, the
 * vendor's kill command ends the store's own server connections). Every failed call is repeated
 * with the same operation id (message id, reservation id) until it is acknowledged, as a careful
 * caller would. Afterwards the suite reads everything back (a read that fails retryably is
 * repeated too: a late kill can reach the pooled connection it picks) and asserts: no
 * acknowledged write lost, none stored or charged twice, no sequence gap, and a usage ledger
 * equal to the sum of the settles. Failures must be crmkit `AdapterError`s marked retryable.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { runStoreFaultContract } from 'crmkit/testing';
 *
 * runStoreFaultContract({
 *   name: 'my redis store',
 *   test: { describe, it },
 *   target: { host: '127.0.0.1', port: 6379 },
 *   createStores: ({ port }) => {
 *     const usage = createMyUsageStore({ url: `redis://127.0.0.1:${port}` });
 *     return { usage, close: () => usage.end() };
 *   },
 * });
 * ```
 */
export function runStoreFaultContract(options: StoreFaultContractOptions): void {
  const { describe, it } = options.test;
  const durationMs = options.durationMs ?? 3_000;
  const faultEveryMs = options.faultEveryMs ?? 120;
  const concurrency = options.concurrency ?? 8;

  /** Runs `work` on `concurrency` writers until the time is up, while faults are injected. */
  const underFaults = async (
    proxy: FaultProxy,
    seed: number,
    work: (writer: number, retry: <T>(operation: () => Promise<T>) => Promise<T>) => Promise<boolean>,
  ): Promise<{ faults: FaultRunReport['faults']; retries: number; durationMs: number }> => {
    const random = seededRandom(seed);
    const faults = { reset: 0, drop: 0, stall: 0, kill: 0 };
    let retries = 0;
    let running = true;
    const startedAt = Date.now();
    const retry = <T>(operation: () => Promise<T>): Promise<T> =>
      repeatWhileRetryable(operation, {
        maxAttempts: 500,
        delayMs: () => 5 + Math.floor(random() * 20),
        onRetry: () => {
          retries++;
        },
      });
    const injector = (async () => {
      while (running) {
        await pause(faultEveryMs * (0.5 + random()));
        if (!running) break;
        const roll = random();
        if (roll < 0.35) {
          proxy.reset();
          faults.reset++;
        } else if (roll < 0.55) {
          proxy.drop();
          faults.drop++;
        } else if (roll < 0.75) {
          proxy.stall(50 + Math.floor(random() * 250));
          faults.stall++;
        } else if (options.killOwnConnections) {
          await options.killOwnConnections();
          faults.kill++;
        } else {
          proxy.reset();
          faults.reset++;
        }
      }
    })();
    const writers = Array.from({ length: concurrency }, async (_, writer) => {
      while (Date.now() - startedAt < durationMs) {
        if (!(await work(writer, retry))) break;
      }
    });
    try {
      await Promise.all(writers);
    } finally {
      running = false;
      await injector;
      proxy.heal();
    }
    return { faults, retries, durationMs: Date.now() - startedAt };
  };

  /**
   * A read after the run, repeated as a careful caller would while it fails with a retryable
   * AdapterError: a kill sent near the end can still reach a pooled connection the read then picks.
   */
  const readAfterRun = <T>(operation: () => Promise<T>): Promise<T> => repeatWhileRetryable(operation, { maxAttempts: 20, delayMs: () => 10 });

  const open = async (): Promise<{ proxy: FaultProxy; stores: FaultContractStores }> => {
    const proxy = await createFaultProxy({ target: options.target, port: options.proxyPort });
    try {
      return { proxy, stores: await options.createStores({ host: proxy.host, port: proxy.port }) };
    } catch (error) {
      await proxy.close();
      throw error;
    }
  };

  describe(`store fault contract: ${options.name}`, () => {
    it('appends under resets, drops, stalls and kills: none lost, none stored twice, no sequence gap', async () => {
      const { proxy, stores } = await open();
      try {
        const store = stores.conversations;
        assert.ok(store, 'createStores returned no `conversations` store');
        const tenant = uniqueTenant('fault');
        const sessions = await Promise.all(Array.from({ length: 4 }, () => store.createSession(tenant, {})));
        const acknowledged = new Map<string, string[]>(sessions.map((session) => [session.id, []]));
        const run = await underFaults(proxy, options.seed ?? 14, async (writer, retry) => {
          const session = sessions[writer % sessions.length]!;
          const id = crypto.randomUUID();
          const message = await retry(() => store.appendMessage(tenant, session.id, { id, role: 'user', content: `message ${id}`, tokens: 1, costMicros: 1 }));
          assert.equal(message.id, id);
          acknowledged.get(session.id)!.push(id);
          return true;
        });
        let writes = 0;
        let lost = 0;
        let duplicated = 0;
        let gaps = 0;
        for (const session of sessions) {
          const expected = acknowledged.get(session.id)!;
          writes += expected.length;
          const stored = [];
          for (let after = 0; ; ) {
            const page = await readAfterRun(() => store.history(tenant, session.id, { after, limit: 1000 }));
            stored.push(...page.messages);
            if (!page.hasMore || page.messages.length === 0) break;
            after = page.messages.at(-1)!.sequence;
          }
          const ids = new Set(stored.map((message) => message.id));
          duplicated += stored.length - ids.size;
          lost += expected.filter((id) => !ids.has(id)).length;
          stored.forEach((message, index) => {
            if (message.sequence !== index + 1) gaps++;
          });
          const after = await readAfterRun(() => store.getSession(tenant, session.id));
          gaps += Math.abs((after?.messageCount ?? 0) - stored.length);
          // The session's totals are applied once too: every message carries one token.
          duplicated += Math.max(0, (after?.totalTokens ?? 0) - stored.length);
        }
        const report: FaultRunReport = { store: 'conversations', writes, retries: run.retries, faults: run.faults, lost, duplicated, gaps, ledgerDifference: 0, durationMs: run.durationMs };
        options.onReport?.(report);
        assert.ok(writes > 0, 'no append was acknowledged');
        assert.deepEqual({ lost, duplicated, gaps }, { lost: 0, duplicated: 0, gaps: 0 });
      } finally {
        await stores.close();
        await proxy.close();
      }
    }, 60_000);

    it('reserves, settles and releases under resets, drops, stalls and kills: the ledger equals the sum of the settles', async () => {
      const { proxy, stores } = await open();
      try {
        const store = stores.usage;
        assert.ok(store, 'createStores returned no `usage` store');
        const tenant = uniqueTenant('fault');
        const key = `fault-${crypto.randomUUID()}`;
        const now = Date.now();
        const buckets: BucketCharge[] = [{ key, limits: { costMicros: Number.MAX_SAFE_INTEGER }, expiresAt: now + 86_400_000 }];
        let settledCost = 0;
        let settled = 0;
        let released = 0;
        let count = 0;
        const run = await underFaults(proxy, (options.seed ?? 14) + 1, async (_writer, retry) => {
          const reservationId = crypto.randomUUID();
          const index = count++;
          const cost = 1 + (index % 997);
          const result = await retry(() => store.reserve({ reservationId, buckets, amounts: { costMicros: 2_000, tokens: 0, requests: 1 }, now, reservationExpiresAt: now + 3_600_000 }));
          assert.equal(result.ok, true);
          if (index % 5 === 4) {
            await retry(() => store.release({ reservationId, now }));
            released++;
            return true;
          }
          const record = { tenantId: tenant, provider: 'fault', model: 'contract', day: '2025-11-21', requests: 1, inputTokens: 0, outputTokens: 0, costMicros: cost };
          await retry(() => store.settle({ reservationId, buckets, actual: { costMicros: cost, tokens: 0, requests: 1 }, record, now }));
          settledCost += cost;
          settled++;
          return true;
        });
        const [state] = await readAfterRun(() => store.readBuckets([key]));
        const report = await readAfterRun(() => store.getUsage({ tenantId: tenant }));
        const duplicated = Math.max(0, report.requests - settled) + Math.max(0, (state?.used.requests ?? 0) - settled);
        const lost = Math.max(0, settled - report.requests);
        const result: FaultRunReport = {
          store: 'usage',
          writes: settled + released,
          retries: run.retries,
          faults: run.faults,
          lost,
          duplicated,
          gaps: 0,
          ledgerDifference: report.costMicros - settledCost,
          durationMs: run.durationMs,
        };
        options.onReport?.(result);
        assert.ok(settled > 0, 'no settle was acknowledged');
        assert.deepEqual(
          { ledger: report.costMicros, used: state?.used.costMicros, reserved: state?.reserved, requests: report.requests },
          { ledger: settledCost, used: settledCost, reserved: { costMicros: 0, tokens: 0, requests: 0 }, requests: settled },
        );
      } finally {
        await stores.close();
        await proxy.close();
      }
    }, 60_000);
  });
}
