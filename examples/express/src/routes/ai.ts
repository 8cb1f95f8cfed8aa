import { Router } from 'express';
import type { AppContext } from '../app-context.js';
import { aiChatBody, toSendInput, analyzeBody, classifyBody, savePromptBody, usageQuery } from '../schemas.js';
import { HttpError } from '../http-error.js';
import { analysisJson, promptJson, toolRunJson, usageReportJson } from '../wire-format.js';

/** Seed 002 (and seed 003's chat call): chat, analysis, classification, tenant prompts, usage. */
export function aiRoutes({ assistant, identify }: AppContext): Router {
  const router = Router();

  router.post('/api/v1/ai/chat', async (request, response) => {
    const body = aiChatBody.parse(request.body);
    const reply = await assistant.send(toSendInput(body, identify(request), request.signal));
    // Seed 003's shape (session_id, message, role, metadata) with seed 002's `response` alias.
    response.json({
      session_id: reply.sessionId,
      message_id: reply.messageId,
      message: reply.reply,
      response: reply.reply,
      role: 'assistant',
      provider: reply.provider,
      degraded: reply.degraded,
      degraded_reason: reply.degradedReason ?? null,
      content_filtered: reply.contentFiltered ?? null,
      // With `use_tools`: every CRM tool call made for this answer (an empty list when none was needed).
      ...(body.use_tools ? { tool_runs: (reply.toolRuns ?? []).map(toolRunJson) } : {}),
      metadata: {
        tokens: reply.usage.totalTokens,
        cost_micros: reply.costMicros,
        cost_cents: Math.round(reply.costMicros / 10_000),
        response_time_ms: reply.responseTimeMs,
      },
    });
  });

  router.post('/api/v1/ai/analyze', async (request, response) => {
    const { tenantId } = identify(request);
    const body = analyzeBody.parse(request.body);
    const analysis = await assistant.analyze({
      tenantId,
      message: body.message,
      ...(body.analysis_type ? { types: body.analysis_type } : {}),
      ...(body.context ? { context: body.context } : {}),
      signal: request.signal,
    });
    response.json(analysisJson(analysis));
  });

  router.post('/api/v1/ai/classify', async (request, response) => {
    const { tenantId } = identify(request);
    const body = classifyBody.parse(request.body);
    const intent = await assistant.classify({ tenantId, message: body.message, signal: request.signal });
    response.json({ intent: intent.intent, confidence: intent.confidence, alternatives: intent.alternatives, source: intent.source, degraded: intent.degraded, provider: intent.provider });
  });

  router.get('/api/v1/ai/prompts', async (request, response) => {
    const { tenantId } = identify(request);
    const prompts = await assistant.prompts.list(tenantId, { signal: request.signal });
    response.json({ prompts: prompts.map(promptJson) });
  });

  router.post('/api/v1/ai/prompts', async (request, response) => {
    const { tenantId } = identify(request);
    const body = savePromptBody.parse(request.body);
    const saved = await assistant.prompts.save(tenantId, { name: body.name, template: body.template, variables: body.variables }, { signal: request.signal });
    response.status(201).json(promptJson(saved));
  });

  router.get('/api/v1/ai/usage/:userId', async (request, response) => {
    const identity = identify(request);
    // A user may read their own usage; reading someone else's is an admin decision for your auth layer.
    if (request.params.userId !== identity.userId && request.params.userId !== 'tenant') {
      throw new HttpError(403, 'forbidden', 'You can read your own usage (or the tenant total at /api/v1/ai/usage/tenant).');
    }
    const query = usageQuery.parse(request.query);
    const usage = await assistant.usage({
      tenantId: identity.tenantId,
      ...(request.params.userId === 'tenant' ? {} : { userId: identity.userId }),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      signal: request.signal,
    });
    response.json(usageReportJson(usage));
  });

  return router;
}
