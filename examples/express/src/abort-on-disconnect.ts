import type { RequestHandler } from 'express';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Fires when the client goes away before the response is finished; every crmkit call gets it. */
      signal: AbortSignal;
    }
  }
}

/**
 * Gives every request an AbortSignal that fires when the client disconnects, so a closed browser
 * tab stops the model call (and its spend) instead of letting it run to the end.
 */
export function abortOnDisconnect(): RequestHandler {
  return (request, response, next) => {
    const controller = new AbortController();
    request.signal = controller.signal;
    response.on('close', () => {
      if (!response.writableFinished) controller.abort();
    });
    next();
  };
}
