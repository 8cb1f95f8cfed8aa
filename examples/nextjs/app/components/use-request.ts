'use client';

import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from './types';

/** One request as a view shows it: loading, failed (with the reason), or its value. */
export type RequestState<T> = { readonly status: 'idle' } | { readonly status: 'loading' } | { readonly status: 'error'; readonly message: string } | { readonly status: 'success'; readonly value: T };

/** GET a JSON body; a non-2xx answer throws with the API's own message (never a stack). */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { cache: 'no-store', signal });
  const body = (await response.json().catch(() => null)) as T | ApiError | null;
  if (!response.ok) throw new Error((body as ApiError | null)?.error?.message ?? `The server answered ${response.status}.`);
  if (body === null) throw new Error('The server sent an empty answer.');
  return body as T;
}

/** POST JSON; throws with the API's message when the answer is not 2xx. */
export async function postJson<T>(url: string, payload: unknown): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  const body = (await response.json().catch(() => null)) as T | ApiError | null;
  if (!response.ok) throw new Error((body as ApiError | null)?.error?.message ?? `The server answered ${response.status}.`);
  return body as T;
}

/**
 * Runs `load` whenever it changes (a new ticket, new alerts) and on `retry`; a newer request
 * aborts the older one, so a slow answer never overwrites a newer view. `load` returning null
 * means "nothing to load" (idle).
 */
export function useRequest<T>(load: (signal: AbortSignal) => Promise<T> | null): RequestState<T> & { readonly retry: () => void } {
  const [state, setState] = useState<RequestState<T>>({ status: 'idle' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const pending = load(controller.signal);
    if (pending === null) {
      setState({ status: 'idle' });
      return () => controller.abort();
    }
    setState({ status: 'loading' });
    pending.then(
      (value) => {
        if (!controller.signal.aborted) setState({ status: 'success', value });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', message: error instanceof Error ? error.message : 'Something went wrong.' });
      },
    );
    return () => controller.abort();
  }, [load, attempt]);

  const retry = useCallback(() => setAttempt((current) => current + 1), []);
  return { ...state, retry };
}
