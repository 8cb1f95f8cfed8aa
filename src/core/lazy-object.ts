/**
 * Module-level zod schemas (and the prompts and shapes built from them) made on first use
 * instead of at `import 'crmkit'`.
 *
 * @internal
 */

/**
 * An object (a zod schema, a schema shape, a prompt template) built the first time anything
 * touches it, then reused. crmkit defines about a hundred schemas at module level; building them
 * all at import was about a third of a cold `import 'crmkit'`, mostly for schemas a given app
 * never uses. The returned object stands in for the built one everywhere (property access, `in`,
 * spread, `Object.keys`, `instanceof`), so a constant can be declared with it and used unchanged.
 *
 * @example
 * ```ts
 * const optionsSchema = lazyObject(() => z.object({ retries: z.number().int().min(0).optional() }));
 * parseInput(optionsSchema, { retries: 2 }, 'withRetry options'); // the schema is built here, once
 * ```
 */
export function lazyObject<OBJECT extends object>(build: () => OBJECT): OBJECT {
  let built: OBJECT | undefined;
  const target = (): OBJECT => (built ??= build());
  return new Proxy({} as OBJECT, {
    get: (_, key) => (key === unwrapKey ? target() : Reflect.get(target(), key)),
    set: (_, key, value) => Reflect.set(target(), key, value),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      // A proxy may not report a non-configurable property that its (empty) target lacks.
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(target()),
  });
}

const unwrapKey = Symbol('crmkit.lazyObject.unwrap');

/**
 * The object a {@link lazyObject} stands for (building it if need be), or `value` itself. A schema
 * composed from the built object parses without going through the stand-in for every element:
 * use it where a lazy schema is nested in one parsed on a hot path.
 *
 * @example
 * ```ts
 * const requestSchema = lazyObject(() => z.object({ messages: z.array(unwrapLazy(messageSchema)) }));
 * ```
 */
export function unwrapLazy<OBJECT extends object>(value: OBJECT): OBJECT {
  return ((value as Record<symbol, unknown>)[unwrapKey] as OBJECT | undefined) ?? value;
}
