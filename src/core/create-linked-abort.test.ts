import { describe, expect, it } from 'vitest';
import { createLinkedAbort } from './create-linked-abort.js';

describe('createLinkedAbort', () => {
  it('fires with the parent’s reason when the parent aborts', () => {
    const parent = new AbortController();
    const linked = createLinkedAbort(parent.signal);
    parent.abort('caller cancelled');
    expect(linked.signal.aborted).toBe(true);
    expect(linked.signal.reason).toBe('caller cancelled');
  });

  it('fires with its own reason without touching the parent', () => {
    const parent = new AbortController();
    const linked = createLinkedAbort(parent.signal);
    const reason = new Error('timed out');
    linked.abort(reason);
    expect(linked.signal.reason).toBe(reason);
    expect(parent.signal.aborted).toBe(false);
    parent.abort('later');
    expect(linked.signal.reason).toBe(reason);
  });

  it('starts aborted when the parent already is', () => {
    const parent = new AbortController();
    parent.abort('gone');
    const linked = createLinkedAbort(parent.signal);
    expect(linked.signal.aborted).toBe(true);
    expect(linked.signal.reason).toBe('gone');
  });

  it('works without a parent', () => {
    const linked = createLinkedAbort(undefined);
    expect(linked.signal.aborted).toBe(false);
    linked.abort('own');
    expect(linked.signal.reason).toBe('own');
    linked.dispose();
  });

  it('stops following the parent once disposed', () => {
    const parent = new AbortController();
    const linked = createLinkedAbort(parent.signal);
    linked.dispose();
    parent.abort('after dispose');
    expect(linked.signal.aborted).toBe(false);
  });
});
