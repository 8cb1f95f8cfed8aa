/**
 * Conversation appends, per store, and the cost of context gathering.
 *
 * Appends: the Postgres store's one-statement append (UPDATE … RETURNING feeding the INSERT, under
 * the session's row lock) against the usual baseline, a transaction of SELECT … FOR UPDATE,
 * INSERT and UPDATE — both sequential on one session and 10 at a time on one session. The memory
 * and Redis stores run the same workload for scale.
 *
 * Context: gatherTicketContext over memory sources whose calls each take 2 ms, against the same
 * four lookups made one after another.
 */
import pg from 'pg';
import { Redis } from 'ioredis';
import { Bench } from 'tinybench';
import { postgres, postgresUrl, redis, redisUrl } from '../test/support/services.js';
import type { ConversationStore } from '../src/adapters/conversation-store.js';
import { gatherTicketContext } from '../src/adapters/gather-ticket-context.js';
import { createMemoryConversationStore } from '../src/adapters/memory/create-memory-conversation-store.js';
import { createMemoryCustomerSource } from '../src/adapters/memory/create-memory-customer-source.js';
import { createMemoryOrderSource } from '../src/adapters/memory/create-memory-order-source.js';
import { createMemoryTicketSource } from '../src/adapters/memory/create-memory-ticket-source.js';
import { createPostgresConversationStore } from '../src/adapters/postgres/create-postgres-conversation-store.js';
import { migrate } from '../src/adapters/postgres/migrate.js';
import { createRedisConversationStore } from '../src/adapters/redis/create-redis-conversation-store.js';
import type { Ticket } from '../src/core/domain.js';

const message = { role: 'user' as const, content: 'Where is my order #54321? It has not arrived yet.', tokens: 14, costMicros: 20 };

function table(bench: Bench): void {
  console.table(
    bench.tasks.map((task) => {
      const result = task.result as { throughput?: { mean?: number }; latency?: { p50?: number; p99?: number } } | undefined;
      return {
        task: task.name,
        'ops/s': Math.round(result?.throughput?.mean ?? 0),
        'p50 ms': (result?.latency?.p50 ?? 0).toFixed(3),
        'p99 ms': (result?.latency?.p99 ?? 0).toFixed(3),
      };
    }),
  );
}

async function appendBench(): Promise<void> {
  const bench = new Bench({ time: 1500, warmupTime: 200 });
  const cleanups: (() => Promise<void>)[] = [];
  const addStore = async (name: string, store: ConversationStore): Promise<void> => {
    const session = await store.createSession('bench', {});
    bench.add(`${name}: 1 append`, async () => {
      await store.appendMessage('bench', session.id, message);
    });
    bench.add(`${name}: 10 concurrent appends`, async () => {
      await Promise.all(Array.from({ length: 10 }, () => store.appendMessage('bench', session.id, message)));
    });
  };
  await addStore('memory', createMemoryConversationStore());
  if (redis.available) {
    const client = new Redis(redisUrl);
    const keyPrefix = `crmkit-bench:${crypto.randomUUID().slice(0, 8)}:`;
    await addStore('redis (Lua script)', createRedisConversationStore({ client, keyPrefix }));
    cleanups.push(async () => {
      const keys = await client.keys(`${keyPrefix}*`);
      if (keys.length > 0) await client.del(...keys);
      await client.quit();
    });
  }
  if (postgres.available) {
    const pool = new pg.Pool({ connectionString: postgresUrl, max: 10 });
    const schema = `crmkit_bench_${crypto.randomUUID().replaceAll('-', '').slice(0, 8)}`;
    await migrate({ pool, schema });
    await addStore('postgres (one statement)', createPostgresConversationStore({ pool, schema }));
    const sessions = `"${schema}".crmkit_conversation_sessions`;
    const messages = `"${schema}".crmkit_conversation_messages`;
    const baselineSession = crypto.randomUUID();
    await pool.query(`INSERT INTO ${sessions} (tenant_id, id, session_type, status, created_at, updated_at) VALUES ('bench', $1, 'customer_support', 'active', now(), now())`, [baselineSession]);
    const baselineAppend = async (): Promise<void> => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query(`SELECT message_count FROM ${sessions} WHERE tenant_id = 'bench' AND id = $1 FOR UPDATE`, [baselineSession]);
        const sequence = (rows[0] as { message_count: number }).message_count + 1;
        await client.query(
          `INSERT INTO ${messages} (tenant_id, session_id, sequence, id, role, content, tokens, cost_micros, created_at) VALUES ('bench', $1, $2, $3, 'user', $4, $5, $6, now())`,
          [baselineSession, sequence, crypto.randomUUID(), message.content, message.tokens, message.costMicros],
        );
        await client.query(`UPDATE ${sessions} SET message_count = $2, total_tokens = total_tokens + $3, total_cost_micros = total_cost_micros + $4, updated_at = now() WHERE tenant_id = 'bench' AND id = $1`, [
          baselineSession,
          sequence,
          message.tokens,
          message.costMicros,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    };
    bench.add('baseline postgres (transaction, 3 statements): 1 append', baselineAppend);
    bench.add('baseline postgres (transaction, 3 statements): 10 concurrent appends', async () => {
      await Promise.all(Array.from({ length: 10 }, baselineAppend));
    });
    cleanups.push(async () => {
      await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await pool.end();
    });
  }
  await bench.run();
  table(bench);
  for (const cleanup of cleanups) await cleanup();
}

async function contextBench(): Promise<void> {
  const delay = <T>(value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), 2));
  const customers = createMemoryCustomerSource({ customers: [{ id: 'c1', tenantId: 'acme', name: 'Jane', ltv: 3500, churnRisk: 0.8 }] });
  const orders = createMemoryOrderSource({
    orders: [{ id: 'o1', tenantId: 'acme', customerId: 'c1', number: '54321', totalCents: 15699, currency: 'USD', status: 'in_transit', createdAt: new Date() }],
    tracking: [{ orderId: 'o1', status: 'in_transit' }],
  });
  const ticket: Ticket = { id: 't1', tenantId: 'acme', customerId: 'c1', orderId: 'o1', channel: 'email', status: 'open', subject: 'Late', body: 'Where is it?', createdAt: new Date() };
  const tickets = createMemoryTicketSource({ tickets: [ticket] });
  const slow = {
    customers: { get: async (...args: Parameters<typeof customers.get>) => delay(await customers.get(...args)) },
    orders: {
      recentOrders: async (...args: Parameters<typeof orders.recentOrders>) => delay(await orders.recentOrders(...args)),
      tracking: async (...args: Parameters<typeof orders.tracking>) => delay(await orders.tracking(...args)),
    },
    tickets: { ...tickets, pastTickets: async (...args: Parameters<typeof tickets.pastTickets>) => delay(await tickets.pastTickets(...args)) },
  };
  const bench = new Bench({ time: 1000, warmupTime: 100 });
  bench.add('gatherTicketContext (parallel, 4 sources of 2 ms)', async () => {
    await gatherTicketContext({ ticket, sources: slow });
  });
  bench.add('baseline: the same 4 lookups one after another', async () => {
    await slow.customers.get('acme', 'c1');
    await slow.orders.recentOrders('acme', 'c1', { limit: 3 });
    await slow.orders.tracking('acme', 'o1');
    await slow.tickets.pastTickets('acme', 'c1', { excludeTicketId: 't1' });
  });
  await bench.run();
  table(bench);
}

export async function run(): Promise<void> {
  await appendBench();
  await contextBench();
}
