import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/errors.js';
import { createCallDeadline } from './create-call-deadline.js';
import { createIdleWatchdog } from './create-idle-watchdog.js';

function fired(signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(signal.reason), { once: true }));
}

describe('createCallDeadline', () => {
  it('aborts with a timeout ProviderError when the time is up', async () => {
    const deadline = createCallDeadline({ timeoutMs: 5, providerId: 'openai', model: 'gpt-4o-mini' });
    const reason = await fired(deadline.signal);
    expect(reason).toMatchObject({ kind: 'timeout', providerId: 'openai', model: 'gpt-4o-mini' });
    deadline.dispose();
  });

  it('follows the caller signal with its reason', () => {
    const caller = new AbortController();
    const deadline = createCallDeadline({ signal: caller.signal, timeoutMs: 10_000 });
    caller.abort('stop');
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBe('stop');
    deadline.dispose();
  });

  it('fail() aborts with the given error; clearTimeout() stops the timer', async () => {
    const deadline = createCallDeadline({ timeoutMs: 5 });
    deadline.clearTimeout();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(deadline.signal.aborted).toBe(false);
    const error = new ProviderError('stalled', { kind: 'timeout' });
    deadline.fail(error);
    expect(deadline.signal.reason).toBe(error);
    deadline.dispose();
  });

  it('never fires without a timeout', () => {
    const deadline = createCallDeadline({ timeoutMs: 0 });
    expect(deadline.signal.aborted).toBe(false);
    deadline.dispose();
  });
});

describe('createIdleWatchdog', () => {
  it('reports silence after the last touch, once', async () => {
    const errors: ProviderError[] = [];
    const watchdog = createIdleWatchdog({ idleTimeoutMs: 10, onIdle: (error) => errors.push(error), providerId: 'anthropic' });
    watchdog.touch();
    await new Promise((resolve) => setTimeout(resolve, 200));
    watchdog.touch();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: 'timeout', providerId: 'anthropic' });
  });

  it('stays quiet when disposed or disabled', async () => {
    const errors: ProviderError[] = [];
    const disposed = createIdleWatchdog({ idleTimeoutMs: 5, onIdle: (error) => errors.push(error) });
    disposed.touch();
    disposed.dispose();
    const disabled = createIdleWatchdog({ idleTimeoutMs: 0, onIdle: (error) => errors.push(error) });
    disabled.touch();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(errors).toHaveLength(0);
  });
});
