import type { Request } from 'express';
import { HttpError } from './http-error.js';

/** Who is calling: every crmkit call is scoped by tenant, and chat sessions belong to a user. */
export interface Identity {
  readonly tenantId: string;
  readonly userId: string;
}

const idPattern = /^[A-Za-z0-9._:@-]{1,128}$/;

/**
 * THE PLACE TO PLUG IN REAL AUTH.
 *
 * This example trusts two headers, `x-tenant-id` and `x-user-id`, so you can try it with curl.
 * In production, replace the body of this function: verify a session cookie or a bearer token
 * (JWT, OAuth introspection, your framework's auth) and return the tenant and user it proves.
 * Never let a client choose its tenant in production; crmkit isolates tenants, but only if the
 * tenant id it is given is the real one.
 */
export function identify(request: Request): Identity {
  const tenantId = request.header('x-tenant-id');
  const userId = request.header('x-user-id');
  const missing = [tenantId ? undefined : 'x-tenant-id', userId ? undefined : 'x-user-id'].filter(Boolean);
  if (missing.length > 0) {
    throw new HttpError(401, 'unauthenticated', `Send the ${missing.join(' and ')} header${missing.length > 1 ? 's' : ''} (this example's stand-in for real auth).`);
  }
  if (!idPattern.test(tenantId!) || !idPattern.test(userId!)) {
    throw new HttpError(400, 'invalid_identity', 'x-tenant-id and x-user-id must be 1–128 letters, digits or . _ : @ -');
  }
  return { tenantId: tenantId!, userId: userId! };
}
