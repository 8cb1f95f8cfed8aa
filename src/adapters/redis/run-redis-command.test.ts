import { describe, expect, it } from 'vitest';
import { AdapterError } from '../adapter-error.js';
import { toRedisAdapterError } from './run-redis-command.js';

function replyError(message: string, name = 'ReplyError'): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe('toRedisAdapterError', () => {
  it.each([
    ['LOADING Redis is loading the dataset in memory'],
    ['TRYAGAIN Multiple keys request during rehashing of slot'],
    ['CLUSTERDOWN The cluster is down'],
    ['Too many Cluster redirections. Last error: ReplyError: CLUSTERDOWN The cluster is down'],
  ])('marks a transient cluster or server state as retryable: %s', (message) => {
    const error = toRedisAdapterError(replyError(message), 'redis-conversation-store');
    expect(AdapterError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(error.message).toContain(message.split('\n')[0]);
  });

  it('marks every node of a cluster failing as retryable', () => {
    expect(toRedisAdapterError(replyError('Failed to refresh slots cache.', 'ClusterAllFailedError'), 'redis-usage-store')).toMatchObject({ kind: 'unavailable', retryable: true });
  });

  it('keeps a script or command error final', () => {
    expect(toRedisAdapterError(replyError('ERR wrong number of arguments for command'), 'redis-usage-store')).toMatchObject({ kind: 'unavailable', retryable: false });
  });
});
