/**
 * The parts of a test runner a contract suite needs. vitest, jest, mocha and `node:test` all fit:
 * pass their `describe` and `it`. The suites assert with `node:assert`, so they never import a
 * test runner themselves.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 *
 * const api: ContractTestApi = { describe, it };
 * ```
 */
export interface ContractTestApi {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>, timeoutMs?: number): void;
}
