import { describe, expect, it } from 'vitest';
import { safeLog, silentLogger, type Logger } from './logger.js';

describe('logger', () => {
  it('is silent by default and takes pino/winston-shaped loggers as they are', () => {
    expect(() => silentLogger.warn({ a: 1 }, 'nothing happens')).not.toThrow();
    const lines: unknown[][] = [];
    const logger: Logger = { debug: (...args) => lines.push(['debug', ...args]), info: (...args) => lines.push(['info', ...args]), warn: (...args) => lines.push(['warn', ...args]), error: (...args) => lines.push(['error', ...args]) };
    safeLog(logger, 'warn', { operation: 'ask' }, 'degraded');
    safeLog(undefined, 'warn', { operation: 'ask' }, 'nobody listens');
    expect(lines).toEqual([['warn', { operation: 'ask' }, 'degraded']]);
  });

  it('never lets a broken logger fail the caller', () => {
    const broken: Logger = { ...silentLogger, error: () => { throw new Error('disk full'); } };
    expect(() => safeLog(broken, 'error', {}, 'x')).not.toThrow();
  });
});
