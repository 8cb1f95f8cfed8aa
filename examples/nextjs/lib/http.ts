import { BudgetExceededError, CrmKitError, ProviderError, ValidationError } from 'crmkit';
import { ZodError } from 'zod';

/** Who is calling. THE PLACE TO PLUG IN REAL AUTH: read your session cookie or token here. */
export interface Identity {
  readonly tenantId: string;
  readonly userId: string;
}

/**
 * This example has one demo tenant and one demo agent so it runs with no setup. Replace this with
 * your auth (NextAuth, Clerk, a signed cookie…) and derive the tenant from the signed-in account,
 * never from anything the browser sends.
 */
export function identify(_request: Request): Identity {
  return { tenantId: 'demo', userId: 'agent-1' };
}

// Money limits (costMicros) answer 402: waiting a minute will not help. Count limits (messages per
// session, requests or tokens per day) answer 429.
function budgetResponse(error: BudgetExceededError): Response {
  const spend = error.limit === 'costMicros';
  const what = spend ? 'The AI spending limit' : error.limit === 'messages' ? 'The message limit for this conversation' : 'The AI usage limit';
  const when = error.resetsAt ? ` It resets at ${error.resetsAt.toISOString()}.` : error.scope === 'session' ? ' Start a new conversation to continue.' : '';
  return Response.json({ error: { code: 'budget_exceeded', message: `${what} has been reached.${when}`, scope: error.scope, limit: error.limit } }, { status: spend ? 402 : 429 });
}

/** Turns anything a handler throws into a JSON response with no stack and no secret. */
export function errorResponse(error: unknown): Response {
  if (error instanceof ZodError) {
    const issues = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    return Response.json({ error: { code: 'invalid_request', message: issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), issues } }, { status: 400 });
  }
  if (ValidationError.isInstance(error)) return Response.json({ error: { code: 'invalid_request', message: error.message, issues: error.issues } }, { status: 400 });
  if (BudgetExceededError.isInstance(error)) return budgetResponse(error);
  if (ProviderError.isInstance(error)) return Response.json({ error: { code: error.kind, message: 'The AI service is unavailable; try again shortly.' } }, { status: 503 });
  if (CrmKitError.isInstance(error) && error.code === 'not_found') return Response.json({ error: { code: 'not_found', message: error.message } }, { status: 404 });
  if (CrmKitError.isInstance(error) && error.code === 'invalid_state') return Response.json({ error: { code: 'invalid_state', message: error.message } }, { status: 409 });
  console.error('[crmkit-example]', CrmKitError.isInstance(error) ? error.message : (error as Error)?.name);
  return Response.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, { status: 500 });
}

/** Runs a handler body and maps its errors. */
export async function handle(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    return errorResponse(error);
  }
}
