import type { ConversationStore, CrmAssistant } from 'crmkit';
import type { Request } from 'express';
import type { Identity } from './identity.js';

/** What every route module receives. */
export interface AppContext {
  readonly assistant: CrmAssistant;
  /** The same conversation store the assistant uses (for opening an empty session, seed 003). */
  readonly conversations: ConversationStore;
  readonly identify: (request: Request) => Identity;
}
