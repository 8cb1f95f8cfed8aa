import express from 'express';
import type { Express, Request } from 'express';
import type { CrmAssistant } from 'crmkit';
import { abortOnDisconnect } from './abort-on-disconnect.js';
import { errorHandler, HttpError } from './http-error.js';
import { identify as identifyFromHeaders, type Identity } from './identity.js';
import { aiRoutes } from './routes/ai.js';
import { chatStreamRoutes } from './routes/chat-stream.js';
import { chatbotRoutes } from './routes/chatbot.js';
import { crmChatRoutes } from './routes/crm-chat.js';
import { sessionRoutes } from './routes/sessions.js';
import { ticketRoutes } from './routes/tickets.js';

export interface AppOptions {
  readonly assistant: CrmAssistant;
  /** Replace with your real auth (see identity.ts). Defaults to the `x-tenant-id` / `x-user-id` headers. */
  readonly identify?: (request: Request) => Identity;
  /** Where unexpected errors are logged. Defaults to `console.error`. */
  readonly log?: (line: string) => void;
}

/** The Express app: the seeds' endpoints, each a thin translation to one assistant call. */
export function createApp(options: AppOptions): Express {
  const context = { assistant: options.assistant, identify: options.identify ?? identifyFromHeaders };
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '64kb' }));
  app.use(abortOnDisconnect());

  app.get('/healthz', (_request, response) => {
    response.json({ ok: true });
  });
  app.use(crmChatRoutes(context));
  app.use(chatbotRoutes(context));
  app.use(chatStreamRoutes(context));
  app.use(aiRoutes(context));
  app.use(sessionRoutes(context));
  app.use(ticketRoutes(context));

  app.use((request) => {
    throw new HttpError(404, 'not_found', `No route for ${request.method} ${request.path}`);
  });
  app.use(errorHandler(options.log));
  return app;
}
