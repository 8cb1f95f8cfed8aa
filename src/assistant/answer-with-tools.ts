import { z } from 'zod/v4';
import type { Tool } from '../core/tools.js';
import { validateToolInput } from '../core/validate-tool-input.js';
import type { ChatResult, ChatStream, Provider, ChatRequest } from '../core/types.js';
import type { ConversationSession } from '../adapters/conversation-store.js';
import { answerFromToolResult } from '../fallback/answer-from-tool-result.js';
import { planRuleToolCall } from '../fallback/plan-rule-tool-call.js';
import type { AssistantContext } from './assistant-context.js';
import { createCrmTools } from './create-crm-tools.js';
import { runTools, streamTools, type RunToolsOptions, type RunToolsResult, type ToolRun } from './run-tools.js';
import { lazyObject } from '../core/lazy-object.js';

/**
 * Tool-loop settings of one `assistant.send` / `assistant.stream` call.
 *
 * @example
 * ```ts
 * const toolOptions: SendToolOptions = { maxSteps: 4, approve: ({ toolName }) => toolName !== 'refund_order' };
 * ```
 */
export type SendToolOptions = Pick<RunToolsOptions, 'maxSteps' | 'concurrency' | 'toolTimeoutMs' | 'approve'>;

/**
 * The tools of one `send` call: `'crm'` for the built-in CRM tools over the assistant's adapters
 * (bound to the call's tenant and the session's customer), or your own tools.
 *
 * @example
 * ```ts
 * await assistant.send({ tenantId: 'acme', userId: 'c-jane', message: 'Where is my order #54321?', tools: 'crm' });
 * ```
 */
export type SendTools = 'crm' | readonly Tool[];

/** zod for the two inputs, shared by send and stream. @internal */
export const sendToolsSchema = lazyObject(() => ({
  tools: z
    .union([z.literal('crm'), z.array(z.custom<Tool>((value) => typeof value === 'object' && value !== null && typeof (value as Tool).execute === 'function', 'Expected each tool to have `name`, `description`, `inputSchema` and `execute`'))], {
      message: 'Expected `tools` to be "crm" or an array of tools',
    })
    .optional(),
  toolOptions: z
    .object({
      maxSteps: z.number().int().min(1).max(50).optional(),
      concurrency: z.number().int().min(1).optional(),
      toolTimeoutMs: z.number().int().positive().optional(),
      approve: z.custom<NonNullable<SendToolOptions['approve']>>((value) => typeof value === 'function', 'Expected `approve` to be a function').optional(),
    })
    .optional(),
}));

/** A model or rules answer that may have run tools. @internal */
export type ToolAnswer = ChatResult & { readonly toolRuns?: readonly ToolRun[] };

/** Tool calling inside the chat sessions. @internal */
export interface ToolAnswering {
  resolve(tools: SendTools | undefined, scope: { tenantId: string; userId: string; session: ConversationSession }): readonly Tool[] | undefined;
  generate(llm: Provider, request: ChatRequest, tools: readonly Tool[], options: SendToolOptions | undefined, signal: AbortSignal | undefined): Promise<ToolAnswer>;
  stream(llm: Provider, request: ChatRequest, tools: readonly Tool[], options: SendToolOptions | undefined, signal: AbortSignal): ChatStream;
  /** The rule-based path: runs the tool the message's intent maps to and answers from it; undefined when none fits. */
  rules(message: string, tools: readonly Tool[], signal: AbortSignal | undefined): Promise<ToolAnswer | undefined>;
}

/** @internal */
export function createToolAnswering(context: AssistantContext, escalate: (input: { tenantId: string; sessionId: string; reason: string; signal?: AbortSignal }) => Promise<unknown>): ToolAnswering {
  const flatten = (runs: readonly { readonly toolRuns: readonly ToolRun[] }[]): ToolRun[] => runs.flatMap((step) => step.toolRuns);
  return {
    resolve(tools, scope) {
      if (tools === undefined) return undefined;
      if (tools !== 'crm') return tools;
      const customerId = typeof scope.session.context.customerId === 'string' ? scope.session.context.customerId : scope.userId;
      return createCrmTools({
        tenantId: scope.tenantId,
        customerId,
        customers: context.customers,
        orders: context.orders,
        tickets: context.tickets,
        escalate: ({ reason, signal }) => escalate({ tenantId: scope.tenantId, sessionId: scope.session.id, reason, signal }),
      });
    },

    async generate(llm, request, tools, options, signal) {
      const result = await runTools({ provider: llm, request, tools, ...options, signal });
      const toolRuns = flatten(result.steps);
      // The chain's rule-based link answered after a tool had run: answer from that tool's result
      // (already fetched) rather than from rules that never saw it.
      if (result.degraded) {
        for (const step of result.steps) {
          for (const [index, run] of step.toolRuns.entries()) {
            const reference = (step.toolCalls[index]?.arguments as { orderId?: unknown } | undefined)?.orderId;
            const text = run.status === 'ok' ? answerFromToolResult(run.toolName, run.output, String(reference ?? '')) : undefined;
            if (text !== undefined) return { ...result, text, toolRuns };
          }
        }
      }
      return { ...result, toolRuns };
    },

    stream(llm, request, tools, options, signal) {
      const stream = streamTools({ provider: llm, request, tools, ...options, signal });
      const result = (stream.result as Promise<RunToolsResult>).then((value): ToolAnswer => ({ ...value, toolRuns: flatten(value.steps) }));
      result.catch(() => undefined);
      return { ...stream, result };
    },

    async rules(message, tools, signal) {
      const byName = new Map(tools.map((tool) => [tool.name, tool]));
      const planned = planRuleToolCall(message, new Set(byName.keys()));
      const tool = planned ? byName.get(planned.name) : undefined;
      if (!planned || !tool || tool.needsApproval === true) return undefined;
      const checked = await validateToolInput(tool, planned.arguments);
      if (!checked.ok) return undefined;
      const startedAt = context.clock.now();
      let output: unknown;
      try {
        output = await tool.execute(checked.value, { signal: signal ?? new AbortController().signal, toolCallId: 'rules-1' });
      } catch (error) {
        if (signal?.aborted) throw error;
        context.reportError(error, 'store');
        return undefined;
      }
      const text = answerFromToolResult(tool.name, output, String(planned.arguments.orderId ?? ''));
      if (text === undefined) return undefined;
      const latencyMs = Math.max(0, context.clock.now() - startedAt);
      return {
        text,
        object: undefined,
        finishReason: 'stop',
        usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
        costMicros: 0,
        provider: 'rules',
        model: 'rules-v1',
        latencyMs,
        degraded: true,
        degradedReason: `answered by the rule-based path from the ${tool.name} tool`,
        attempts: [{ provider: 'rules', model: 'rules-v1', ok: true, durationMs: latencyMs }],
        toolRuns: [{ toolCallId: 'rules-1', toolName: tool.name, status: 'ok', output }],
      };
    },
  };
}
