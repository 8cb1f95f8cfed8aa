/**
 * One process of the cross-process rate limit test (src/adapters/redis/rate-limiter.test.ts):
 * hammers a shared Redis rate limiter for a while and prints every admission (the Redis server's
 * time, and the tokens it weighed) as JSON on stdout.
 */
import { createRedisRateLimiter } from '../../src/adapters/redis/create-redis-rate-limiter.js';

const settings = JSON.parse(process.env.CRMKIT_RATE_LIMIT_WORKER ?? '{}') as {
  url: string;
  key: string;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  windowMs: number;
  durationMs: number;
  concurrency: number;
  seed: number;
};

let state = settings.seed >>> 0;
const random = (): number => {
  state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
  return state / 4_294_967_296;
};

const limiter = await createRedisRateLimiter({
  url: settings.url,
  key: settings.key,
  requestsPerMinute: settings.requestsPerMinute,
  tokensPerMinute: settings.tokensPerMinute,
  windowMs: settings.windowMs,
  maxQueueWaitMs: 400,
});
const admissions: [number, number][] = [];
let refusals = 0;
const startedAt = Date.now();
await Promise.all(
  Array.from({ length: settings.concurrency }, async () => {
    while (Date.now() - startedAt < settings.durationMs) {
      const tokens = 1 + Math.floor(random() * 40);
      try {
        const lease = await limiter.acquire({ tokens });
        admissions.push([lease.admittedAt ?? Date.now(), settings.tokensPerMinute === undefined ? 0 : tokens]);
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 20)));
        lease.release();
      } catch {
        refusals++;
        await new Promise((resolve) => setTimeout(resolve, 10 + Math.floor(random() * 40)));
      }
    }
  }),
);
await limiter.disconnect();
process.stdout.write(JSON.stringify({ admissions, refusals }));
