import type { HostSchema, HostSchemaResult } from './host-schema.js';

/**
 * The result of validating a value with a {@link ToolInputSchema}: the Standard Schema result,
 * the same {@link HostSchemaResult} every host schema returns.
 *
 * @example
 * ```ts
 * const ok: ToolInputResult<{ orderId: string }> = { value: { orderId: '54321' } };
 * const bad: ToolInputResult<{ orderId: string }> = { issues: [{ message: 'Required', path: ['orderId'] }] };
 * ```
 */
export type ToolInputResult<OUTPUT> = HostSchemaResult<OUTPUT>;

/**
 * A tool's input schema: a {@link HostSchema}, the one type crmkit has for schemas the host
 * passes in, so a tool takes a schema from whichever zod the host has (zod 3.25+'s classic API,
 * `zod/v4` or zod 4) or any other Standard Schema library. Arguments are validated through
 * `~standard.validate` (async refinements are awaited); vendors receive the schema as JSON
 * Schema: `ToolSpec.jsonSchema` when given, else converted from the zod schema of either major.
 *
 * @example
 * ```ts
 * import { z } from 'zod'; // zod 3.25+ or 4
 *
 * const schema: ToolInputSchema<{ orderId: string }> = z.object({ orderId: z.string() });
 * ```
 */
export type ToolInputSchema<OUTPUT = unknown> = HostSchema<OUTPUT>;

/**
 * A tool as a model sees it: name, description and input schema. The {@link Provider} contract
 * takes these in `ChatRequest.tools`; `runTools` takes a {@link Tool}, which adds `execute`.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 *
 * const spec: ToolSpec = {
 *   name: 'lookup_order',
 *   description: 'Find an order by its number and return its status and tracking.',
 *   inputSchema: z.object({ orderId: z.string() }),
 * };
 * ```
 */
export interface ToolSpec<INPUT = unknown> {
  /** 1–64 letters, digits, `_` or `-` (the rule every vendor accepts). */
  readonly name: string;
  /** What the tool does and when to use it; the model reads it. */
  readonly description: string;
  readonly inputSchema: ToolInputSchema<INPUT>;
  /**
   * JSON Schema sent to vendors instead of the one converted from `inputSchema` (for non-zod
   * schemas, or to control the exact wire shape).
   */
  readonly jsonSchema?: Readonly<Record<string, unknown>>;
}

/**
 * Whether and which tools the model may call: `auto` (it decides), `none` (answer in text),
 * `required` (call at least one tool), or one named tool.
 *
 * @example
 * ```ts
 * const choice: ToolChoice = { type: 'tool', name: 'lookup_order' };
 * ```
 */
export type ToolChoice = 'auto' | 'none' | 'required' | { readonly type: 'tool'; readonly name: string };

/**
 * One tool call a model made. `arguments` is the parsed JSON; when the model sent JSON that does
 * not parse, `arguments` is `undefined`, `rawArguments` keeps the text and `argumentsError` says
 * why (the provider never throws for it: the tool loop sends the error back to the model once).
 *
 * @example
 * ```ts
 * const call: ToolCall = { id: 'call_1', name: 'lookup_order', arguments: { orderId: '54321' } };
 * ```
 */
export interface ToolCall {
  /** The vendor's id for the call; a tool result answers it with `toolCallId`. */
  readonly id: string;
  readonly name: string;
  readonly arguments: unknown;
  /** The arguments as the model sent them, when they did not parse. */
  readonly rawArguments?: string;
  /** Why the arguments could not be parsed (a message for the model, without the text itself). */
  readonly argumentsError?: string;
}

/**
 * A piece of a tool call arriving in a stream. The first delta of a call carries its `id` and
 * `name`; `argumentsDelta` pieces concatenate to the call's argument JSON. `index` tells parallel
 * calls apart.
 *
 * @example
 * ```ts
 * const delta: ToolCallDelta = { type: 'tool-call-delta', index: 0, id: 'call_1', name: 'lookup_order', argumentsDelta: '{"orderId":' };
 * ```
 */
export interface ToolCallDelta {
  readonly type: 'tool-call-delta';
  readonly index: number;
  readonly id?: string;
  readonly name?: string;
  readonly argumentsDelta: string;
}

/**
 * One event of a stream's `events`: a text delta, a tool-call delta, or a complete tool call (all
 * complete calls arrive once the stream has ended).
 *
 * @example
 * ```ts
 * for await (const event of stream.events) {
 *   if (event.type === 'text') process.stdout.write(event.text);
 *   if (event.type === 'tool-call') console.log(event.toolCall.name, event.toolCall.arguments);
 * }
 * ```
 */
export type ChatStreamEvent = { readonly type: 'text'; readonly text: string } | ToolCallDelta | { readonly type: 'tool-call'; readonly toolCall: ToolCall };

/**
 * What a tool's `execute` receives besides its validated input.
 *
 * @example
 * ```ts
 * const execute = async (input: { orderId: string }, context: ToolExecutionContext) => orders.tracking('acme', input.orderId, { signal: context.signal });
 * ```
 */
export interface ToolExecutionContext {
  /** Fires when the call is aborted or the tool's own timeout passes; pass it to every I/O. */
  readonly signal: AbortSignal;
  readonly toolCallId: string;
}

/**
 * A tool the tool loop can run: a {@link ToolSpec} plus `execute`. Mark tools that change
 * something for the customer (refunds, cancellations) with `needsApproval`: they never run unless
 * the loop's `approve` hook says yes for that call.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 *
 * const refund: Tool<{ orderId: string }> = {
 *   name: 'refund_order',
 *   description: 'Refund an order in full',
 *   inputSchema: z.object({ orderId: z.string() }),
 *   needsApproval: true,
 *   execute: async ({ orderId }) => ({ refunded: orderId }),
 * };
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a tool list mixes input types; each tool is checked where it is defined
export interface Tool<INPUT = any, OUTPUT = unknown> extends ToolSpec<INPUT> {
  execute(input: INPUT, context: ToolExecutionContext): OUTPUT | Promise<OUTPUT>;
  /** Never run without the loop's `approve` hook answering true. @default false */
  readonly needsApproval?: boolean;
  /** This tool's own timeout in milliseconds. @default the loop's `toolTimeoutMs` */
  readonly timeoutMs?: number;
}
