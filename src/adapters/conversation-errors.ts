/**
 * The errors every ConversationStore implementation throws for the same situations, worded once.
 *
 * @internal
 */
import { AdapterError } from './adapter-error.js';

/** The session does not exist for this tenant (it may exist for another; we do not say). */
export function sessionNotFound(adapter: string, sessionId: string): AdapterError {
  return new AdapterError(`No conversation session ${sessionId} for this tenant; create it with createSession() first`, { kind: 'not_found', adapter });
}

/** The session is closed and cannot take this change. */
export function sessionClosed(adapter: string, sessionId: string, action: string): AdapterError {
  return new AdapterError(`Cannot ${action} conversation session ${sessionId}: it is closed; start a new session instead`, { kind: 'invalid_state', adapter });
}

/** The tenant already has a session with this id. */
export function sessionExists(adapter: string, sessionId: string): AdapterError {
  return new AdapterError(`Conversation session ${sessionId} already exists for this tenant; omit \`id\` to have a new one generated`, { kind: 'conflict', adapter });
}
