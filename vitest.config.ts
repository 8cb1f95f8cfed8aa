import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Any unhandled rejection or uncaught error fails the run (the equivalent of
    // --unhandled-rejections=strict for a test runner).
    dangerouslyIgnoreUnhandledErrors: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Under CI a JSON report is written too, so .ci/run can print the totals as its closing line.
    reporters: process.env.CI === 'true' ? ['default', ['json', { outputFile: '.tmp/vitest-report.json' }]] : ['default'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
  },
});
