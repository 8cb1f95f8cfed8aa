import { expect } from 'vitest';
import { AdapterError } from '../../src/adapters/adapter-error.js';

/** Awaits `promise`, expects it to reject with an AdapterError, and returns that error. */
export async function adapterFailure(promise: Promise<unknown>): Promise<AdapterError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(AdapterError.isInstance(error)).toBe(true);
  return error as AdapterError;
}
