import { snakeCasePath } from './wire-format.js';
import { BudgetExceededError, CrmKitError, ProviderError, ValidationError } from 'crmkit';
import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';

/** An error that already knows its HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** What every error response looks like: `{ "error": { "code", "message", ... } }`. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly [key: string]: unknown };
}

const scopeWords: Record<string, string> = { request: 'for a single request', session: 'for this conversation', user: 'for your account today', tenant: 'for your organisation today' };

/**
 * A budget refusal as HTTP. Limits on money (`costMicros`) answer 402 Payment Required: waiting a
 * minute will not help. Limits on counts (messages per session, requests or tokens per day) answer
 * 429 Too Many Requests, with Retry-After when the limit resets at a known time.
 */
export function budgetResponse(error: BudgetExceededError): { status: number; message: string; retryAfterSeconds?: number } {
  const spend = error.limit === 'costMicros';
  const what = spend ? 'The AI spending limit' : error.limit === 'messages' ? 'The message limit' : 'The AI usage limit';
  const when = error.resetsAt ? ` It resets at ${error.resetsAt.toISOString()}.` : error.scope === 'session' ? ' Start a new conversation to continue.' : '';
  return {
    status: spend ? 402 : 429,
    message: `${what} ${scopeWords[error.scope] ?? ''} has been reached.${when}`.replace(/ +/g, ' '),
    ...(error.resetsAt ? { retryAfterSeconds: Math.max(1, Math.ceil((error.resetsAt.getTime() - Date.now()) / 1000)) } : {}),
  };
}

/** Maps anything thrown by a route to a status and a JSON body with no secrets and no stack. */
export function toHttpError(error: unknown): { status: number; body: ErrorBody; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  if (error instanceof HttpError) {
    return { status: error.status, body: { error: { code: error.code, message: error.message, ...error.details } }, headers };
  }
  if (error instanceof ZodError) {
    const issues = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    const message = `Invalid request: ${issues.map((issue) => `${issue.path || '(body)'}: ${issue.message}`).join('; ')}`;
    return { status: 400, body: { error: { code: 'invalid_request', message, issues } }, headers };
  }
  if (ValidationError.isInstance(error)) {
    // The library names fields in camelCase; this API speaks snake_case, so the 400 names the field as the client spells it.
    const issues = error.issues.map((issue) => ({ path: snakeCasePath(issue.path), message: issue.message }));
    return { status: 400, body: { error: { code: 'invalid_request', message: error.message, issues } }, headers };
  }
  if (ProviderError.isInstance(error)) {
    if (error.retryAfterMs !== undefined) headers['retry-after'] = String(Math.ceil(error.retryAfterMs / 1000));
    if (BudgetExceededError.isInstance(error)) {
      const budget = budgetResponse(error);
      if (budget.retryAfterSeconds !== undefined) headers['retry-after'] = String(budget.retryAfterSeconds);
      return { status: budget.status, body: { error: { code: 'budget_exceeded', message: budget.message, scope: error.scope, limit: error.limit } }, headers };
    }
    if (error.kind === 'rate_limited') return { status: 429, body: { error: { code: 'rate_limited', message: error.message } }, headers };
    if (error.kind === 'aborted') return { status: 499, body: { error: { code: 'aborted', message: 'The request was cancelled.' } }, headers };
    return { status: 503, body: { error: { code: error.kind, message: 'The AI service is unavailable; try again shortly.' } }, headers };
  }
  if (CrmKitError.isInstance(error) && error.code === 'not_found') {
    return { status: 404, body: { error: { code: 'not_found', message: error.message } }, headers };
  }
  if (CrmKitError.isInstance(error) && error.code === 'invalid_state') {
    return { status: 409, body: { error: { code: 'invalid_state', message: error.message } }, headers };
  }
  if (isBodyParserError(error)) {
    return { status: error.status, body: { error: { code: 'invalid_body', message: 'The request body is not valid JSON.' } }, headers };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on our side.' } }, headers };
}

function isBodyParserError(error: unknown): error is { status: number; type: string } {
  return typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number' && typeof (error as { type?: unknown }).type === 'string';
}

/** Express error middleware: logs the unexpected, answers everything as JSON. */
export function errorHandler(log: (line: string) => void = console.error): ErrorRequestHandler {
  return (error, _request, response, _next) => {
    const { status, body, headers } = toHttpError(error);
    // crmkit errors are already secret-free; for the rest log only the name, never a payload.
    if (status >= 500) log(`[crmkit-example] ${status} ${CrmKitError.isInstance(error) ? error.message : (error as Error)?.name ?? 'error'}`);
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(status).set(headers).json(body);
  };
}
