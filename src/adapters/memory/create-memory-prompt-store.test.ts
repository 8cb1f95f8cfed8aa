import { describe, expect, it } from 'vitest';
import { createMemoryPromptStore } from './create-memory-prompt-store.js';

const clock = { now: () => Date.parse('2025-11-21T10:00:00Z') };
const greeting = { name: 'greeting', template: 'Hi {{name}}', variables: ['name'] };

describe('createMemoryPromptStore', () => {
  it('numbers versions per tenant and name, returns the latest by default and any version on request', async () => {
    const store = createMemoryPromptStore({ clock });
    expect((await store.save('acme', greeting)).version).toBe(1);
    expect((await store.save('acme', { ...greeting, template: 'Hello {{name}}' })).version).toBe(2);
    expect((await store.save('globex', greeting)).version).toBe(1);
    expect((await store.get('acme', 'greeting'))?.template).toBe('Hello {{name}}');
    expect((await store.get('acme', 'greeting', { version: 1 }))?.template).toBe('Hi {{name}}');
    expect(await store.get('acme', 'greeting', { version: 3 })).toBeUndefined();
    expect((await store.versions('acme', 'greeting')).map((prompt) => prompt.version)).toEqual([1, 2]);
    expect((await store.get('acme', 'greeting'))?.createdAt.toISOString()).toBe('2025-11-21T10:00:00.000Z');
  });

  it('gives concurrent saves of one name distinct versions', async () => {
    const store = createMemoryPromptStore();
    const saved = await Promise.all(Array.from({ length: 10 }, (_, index) => store.save('acme', { ...greeting, template: `Hi {{name}} #${index}` })));
    expect(saved.map((prompt) => prompt.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('never lets one tenant read or delete another tenant\'s prompts', async () => {
    const store = createMemoryPromptStore();
    await store.save('acme', greeting);
    expect(await store.get('globex', 'greeting')).toBeUndefined();
    expect(await store.list('globex')).toEqual([]);
    expect(await store.delete('globex', 'greeting')).toBe(false);
    expect(await store.get('acme', 'greeting')).toBeDefined();
  });

  it('lists the latest version of each prompt by name, and deletes every version', async () => {
    const store = createMemoryPromptStore();
    await store.save('acme', { ...greeting, name: 'zeta' });
    await store.save('acme', greeting);
    await store.save('acme', { ...greeting, template: 'Hello {{name}}' });
    expect((await store.list('acme')).map((prompt) => [prompt.name, prompt.version])).toEqual([['greeting', 2], ['zeta', 1]]);
    expect(await store.delete('acme', 'greeting')).toBe(true);
    expect(await store.versions('acme', 'greeting')).toEqual([]);
  });

  it('hands out copies the caller cannot use to change history', async () => {
    const store = createMemoryPromptStore({ clock });
    const saved = await store.save('acme', greeting);
    saved.createdAt.setTime(0);
    expect(() => ((saved as { template: string }).template = 'x')).toThrow(TypeError);
    expect((await store.get('acme', 'greeting'))?.createdAt.getTime()).toBe(clock.now());
  });

  it('rejects calls whose signal already fired', async () => {
    const store = createMemoryPromptStore();
    const controller = new AbortController();
    controller.abort();
    await expect(store.save('acme', greeting, { signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
    await expect(store.list('acme', { signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
  });
});
