import { describe, expect, it } from 'vitest';
import { createLazyResource } from './create-lazy-resource.js';

interface Counting {
  readonly created: number;
  readonly disposed: string[];
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: Error): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}

function counting(): Counting & { create(): Promise<string>; dispose(resource: string): Promise<void> } {
  const state = { created: 0, disposed: [] as string[] };
  return {
    get created() {
      return state.created;
    },
    disposed: state.disposed,
    create: async () => `resource-${++state.created}`,
    dispose: async (resource: string) => {
      state.disposed.push(resource);
    },
  };
}

describe('createLazyResource', () => {
  it('creates nothing until the first get, then shares one resource between racing callers', async () => {
    const source = counting();
    const lazy = createLazyResource({ create: source.create, dispose: source.dispose });
    expect(source.created).toBe(0);
    const [first, second] = await Promise.all([lazy.get(), lazy.get()]);
    expect(first).toBe('resource-1');
    expect(second).toBe('resource-1');
    await expect(lazy.get()).resolves.toBe('resource-1');
    expect(source.created).toBe(1);
  });

  it('forgets a failed creation, so the next get tries again', async () => {
    let attempts = 0;
    const lazy = createLazyResource({
      create: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('driver not installed yet');
        return 'client';
      },
    });
    await expect(lazy.get()).rejects.toThrow('driver not installed yet');
    await expect(lazy.get()).resolves.toBe('client');
    expect(attempts).toBe(2);
  });

  it('disposes the resource on end, and a later get creates a fresh one', async () => {
    const source = counting();
    const lazy = createLazyResource({ create: source.create, dispose: source.dispose });
    await lazy.get();
    await lazy.end();
    expect(source.disposed).toEqual(['resource-1']);
    await expect(lazy.get()).resolves.toBe('resource-2');
  });

  it('end without a resource disposes nothing', async () => {
    const source = counting();
    const lazy = createLazyResource({ create: source.create, dispose: source.dispose });
    await lazy.end();
    expect(source.created).toBe(0);
    expect(source.disposed).toEqual([]);
  });

  it('end waits for a creation in flight and disposes what it produced', async () => {
    const gate = deferred<string>();
    const disposed: string[] = [];
    const lazy = createLazyResource({ create: () => gate.promise, dispose: async (resource) => void disposed.push(resource) });
    const got = lazy.get();
    const ended = lazy.end();
    gate.resolve('pool');
    await expect(got).resolves.toBe('pool');
    await ended;
    expect(disposed).toEqual(['pool']);
  });

  it('end during a creation that fails resolves: there is nothing to dispose', async () => {
    const gate = deferred<string>();
    const disposed: string[] = [];
    const lazy = createLazyResource({ create: () => gate.promise, dispose: async (resource) => void disposed.push(resource) });
    const got = lazy.get();
    const ended = lazy.end();
    gate.reject(new Error('connection refused'));
    await expect(got).rejects.toThrow('connection refused');
    await expect(ended).resolves.toBeUndefined();
    expect(disposed).toEqual([]);
  });

  it('a stale creation failing after end does not forget the newer resource', async () => {
    const first = deferred<string>();
    const second = deferred<string>();
    const gates = [first, second];
    const lazy = createLazyResource({ create: () => (gates.shift() ?? deferred<string>()).promise });
    const stale = lazy.get();
    const ended = lazy.end();
    const fresh = lazy.get();
    first.reject(new Error('stale failure'));
    second.resolve('fresh');
    await expect(stale).rejects.toThrow('stale failure');
    await expect(ended).resolves.toBeUndefined();
    await expect(fresh).resolves.toBe('fresh');
    await expect(lazy.get()).resolves.toBe('fresh');
    expect(gates).toEqual([]);
  });

  it('without dispose, end only forgets the resource', async () => {
    const source = counting();
    const lazy = createLazyResource({ create: source.create });
    await lazy.get();
    await lazy.end();
    await expect(lazy.get()).resolves.toBe('resource-2');
  });
});
