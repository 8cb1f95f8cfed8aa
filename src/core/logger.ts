/**
 * The logger crmkit writes its warnings to: the common `level(object, message)` shape, so a
 * pino or winston logger (or `console`-like adapter) works as it is. Every line carries a plain
 * object with ids, counts and kinds; never an API key, message content or personal data.
 *
 * @example
 * ```ts
 * // pino and winston loggers fit as they are: `createCrmAssistant({ provider, logger: pino() })`.
 * const logger: Logger = {
 *   debug: () => undefined,
 *   info: (fields, message) => console.info(message, fields),
 *   warn: (fields, message) => console.warn(message, fields),
 *   error: (fields, message) => console.error(message, fields),
 * };
 * const assistant = createCrmAssistant({ provider, logger });
 * ```
 */
export interface Logger {
  debug(object: Readonly<Record<string, unknown>>, message?: string): void;
  info(object: Readonly<Record<string, unknown>>, message?: string): void;
  warn(object: Readonly<Record<string, unknown>>, message?: string): void;
  error(object: Readonly<Record<string, unknown>>, message?: string): void;
}

const ignore = (): void => undefined;

/**
 * The default {@link Logger}: drops every line. crmkit is silent unless the host passes a logger.
 *
 * @example
 * ```ts
 * const logger = options.logger ?? silentLogger;
 * logger.warn({ rejectedRows: 3 }, 'rows left out');
 * ```
 */
export const silentLogger: Logger = Object.freeze({ debug: ignore, info: ignore, warn: ignore, error: ignore });

/**
 * Calls `logger[level]`, never letting a broken logger fail the call that logs.
 *
 * @example
 * ```ts
 * safeLog(options.logger, 'warn', { operation: 'ask', kind: 'overloaded' }, 'answered from rules');
 * ```
 */
export function safeLog(logger: Logger | undefined, level: keyof Logger, object: Readonly<Record<string, unknown>>, message: string): void {
  if (!logger) return;
  try {
    logger[level](object, message);
  } catch {
    // Logging is an observer: it must never take the call down with it.
  }
}
