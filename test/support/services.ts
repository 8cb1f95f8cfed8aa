import net from 'node:net';

/**
 * Which backing services the tests can reach. Locally a missing service skips the suites that
 * need it, with the reason printed; under CI (`CI=true`) it is a failure, because CI must test
 * the Postgres and Redis adapters over real connections.
 */
export const postgresUrl = process.env.CRMKIT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const redisUrl = process.env.CRMKIT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function probe(name: string, host: string, port: number): Promise<{ available: boolean; reason: string }> {
  const available = await reachable(host, port);
  const reason = `${name} is not reachable at ${host}:${port}`;
  if (!available) {
    if (process.env.CI === 'true') throw new Error(`${reason}; CI requires it (start the service, see .ci/run)`);
    console.warn(`[crmkit tests] skipping ${name} suites: ${reason}`);
  }
  return { available, reason };
}

/** `await` at the top of a test file: `describe.skipIf(!postgres.available)(...)`. */
export const postgres = await probe('PostgreSQL', '127.0.0.1', 5432);
export const redis = await probe('Redis', '127.0.0.1', 6379);
