import { Redis } from 'ioredis';
import { afterAll, describe, it } from 'vitest';
import { redis } from '../../../test/support/services.js';
import { runStoreFaultContract, type FaultRunReport } from '../../testing/adapter-contract/run-store-fault-contract.js';
import { createRedisConversationStore } from './create-redis-conversation-store.js';
import { createRedisUsageStore } from './create-redis-usage-store.js';

const runId = `crmkit-test-fault-${process.pid}-${Date.now()}`;
const connectionName = `crmkit-fault-${process.pid}`;

describe.skipIf(!redis.available)('Redis stores under faults', () => {
  const admin = redis.available ? new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true }) : undefined;
  const reports: FaultRunReport[] = [];
  afterAll(async () => {
    if (reports.length > 0) console.info(`[redis fault run] ${JSON.stringify(reports)}`);
    let cursor = '0';
    do {
      const [next, keys] = await admin!.scan(cursor, 'MATCH', `${runId}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await admin!.del(...keys);
    } while (cursor !== '0');
    admin?.disconnect();
  });

  runStoreFaultContract({
    name: 'redis',
    test: { describe, it },
    target: { host: '127.0.0.1', port: 6379 },
    proxyPort: 21401,
    createStores: ({ port }) => {
      const client = new Redis({ host: '127.0.0.1', port, connectionName });
      client.on('error', () => undefined);
      return {
        conversations: createRedisConversationStore({ client, keyPrefix: `${runId}:c:` }),
        usage: createRedisUsageStore({ client, keyPrefix: `${runId}:u:` }),
        close: async () => void client.disconnect(),
      };
    },
    // CLIENT KILL on this test's own connections only (named above), never anyone else's.
    killOwnConnections: async () => {
      const list = (await admin!.client('LIST')) as string;
      const ids = list
        .split('\n')
        .filter((line) => line.includes(` name=${connectionName} `))
        .map((line) => /id=(\d+)/.exec(line)?.[1])
        .filter((id): id is string => id !== undefined);
      for (const id of ids) await admin!.client('KILL', 'ID', id);
      return ids.length;
    },
    onReport: (report) => reports.push(report),
  });
});
