import type { CrmAssistant } from 'crmkit';
import type { Request } from 'express';
import type { Identity } from './identity.js';

/** What every route module receives. */
export interface AppContext {
  readonly assistant: CrmAssistant;
  readonly identify: (request: Request) => Identity;
}
