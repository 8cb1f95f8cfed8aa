/**
 * Per-call options every store and data source method accepts.
 *
 * @example
 * ```ts
 * const options: StoreCallOptions = { signal: AbortSignal.timeout(2_000) };
 * await customers.get('acme', 'c1', options);
 * ```
 */
export interface StoreCallOptions {
  /** Cancels the call; it rejects with a `ProviderError` of kind `aborted` (or the signal's reason). */
  readonly signal?: AbortSignal;
}
