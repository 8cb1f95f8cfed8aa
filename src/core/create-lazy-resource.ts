/**
 * A resource (client, pool, SDK instance) created on first use and disposed on `end()`.
 *
 * @internal
 */

/**
 * A resource created on first use.
 *
 * @example
 * ```ts
 * const pool: LazyResource<Pool> = createLazyResource({ create: async () => new Pool(), dispose: (pool) => pool.end() });
 * ```
 */
export interface LazyResource<RESOURCE> {
  /**
   * The resource, created by the first call and shared by every later one. A failed creation is
   * forgotten, so the next call tries again (the host may have fixed the cause meanwhile).
   */
  get(): Promise<RESOURCE>;
  /**
   * Disposes the resource if one was created (waiting for a creation in flight) and forgets it;
   * a later `get()` creates a new one. A creation that failed leaves nothing to dispose.
   */
  end(): Promise<void>;
}

/**
 * Options of {@link createLazyResource}.
 *
 * @example
 * ```ts
 * const options: LazyResourceOptions<Redis> = { create: async () => new Redis(url), dispose: (client) => client.quit() };
 * ```
 */
export interface LazyResourceOptions<RESOURCE> {
  /** Creates the resource; called again after a failure. */
  readonly create: () => Promise<RESOURCE>;
  /**
   * Releases the resource on `end()`.
   * @default nothing: the resource is only forgotten
   */
  readonly dispose?: (resource: RESOURCE) => Promise<unknown>;
}

/**
 * Memoises an async creation: one resource however many callers race for it, forgotten when its
 * creation fails, disposed by `end()`.
 *
 * @example
 * ```ts
 * const pool = createLazyResource({ create: async () => new (await import('pg')).default.Pool(), dispose: (pool) => pool.end() });
 * const { rows } = await (await pool.get()).query('SELECT 1');
 * await pool.end();
 * ```
 */
export function createLazyResource<RESOURCE>(options: LazyResourceOptions<RESOURCE>): LazyResource<RESOURCE> {
  let current: Promise<RESOURCE> | undefined;
  return {
    get() {
      if (current) return current;
      const created = options.create();
      current = created;
      // Only forget this creation: an end() and a newer get() may have replaced it meanwhile.
      created.catch(() => {
        if (current === created) current = undefined;
      });
      return created;
    },
    async end() {
      const pending = current;
      current = undefined;
      if (!pending) return;
      let resource: RESOURCE;
      try {
        resource = await pending;
      } catch {
        return;
      }
      await options.dispose?.(resource);
    },
  };
}
