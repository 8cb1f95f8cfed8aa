/**
 * `npm run bench -- tools`: what the tool loop adds per step, excluding the model and the tool.
 *
 * The model is a zero-latency in-process provider that answers with a ready-made result (one tool
 * call, then text) and the tool returns a constant, so what is measured is crmkit's own work per
 * step: building the step's request, validating the arguments with zod, the approval and timeout
 * plumbing, wrapping the output in an untrusted block, and summing usage. Baseline in the same
 * run: the same two model calls made directly, with no loop. Target: ≤ 50 µs per step.
 */
import { Bench } from 'tinybench';
import { z } from 'zod/v4';
import { runTools } from '../src/assistant/run-tools.js';
import type { Tool, ToolCall } from '../src/core/tools.js';
import type { ChatRequest, ChatResult, Provider } from '../src/core/types.js';

const call: ToolCall = { id: 'call_1', name: 'lookup_order', arguments: { orderId: '54321' } };

function result(toolCalls?: readonly ToolCall[]): ChatResult {
  return {
    text: toolCalls ? '' : 'Your order #54321 is in transit.',
    object: undefined,
    finishReason: toolCalls ? 'tool_calls' : 'stop',
    usage: { inputTokens: 120, outputTokens: 20, totalTokens: 140 },
    costMicros: 50,
    provider: 'bench',
    model: 'bench-1',
    latencyMs: 0,
    degraded: false,
    attempts: [{ provider: 'bench', model: 'bench-1', ok: true, durationMs: 0 }],
    ...(toolCalls ? { toolCalls } : {}),
  };
}

const withCall = result([call]);
const answer = result();

/** A model that answers instantly: a tool call when the last message is the user's, else text. */
const model: Provider = {
  id: 'bench',
  model: 'bench-1',
  contextWindow: 128_000,
  async generate(request) {
    return (request.messages.at(-1)?.role === 'tool' ? answer : withCall) as never;
  },
  stream() {
    throw new Error('not used');
  },
};

const output = { orderId: '54321', status: 'in_transit', tracking: { carrier: 'UPS', description: 'No updates for 5 days' } };
const tool: Tool<{ orderId: string }> = {
  name: 'lookup_order',
  description: 'Find an order',
  inputSchema: z.object({ orderId: z.string() }),
  execute: () => output,
};

const request: ChatRequest = {
  messages: [
    { role: 'system', content: 'You are a support agent for Acme.' },
    { role: 'user', content: 'Where is my order #54321?' },
  ],
};

export async function run(): Promise<void> {
  const bench = new Bench({ time: 1_000, warmup: true });
  bench
    .add('baseline: the two model calls, no loop', async () => {
      await model.generate(request);
      await model.generate({ ...request, messages: [...request.messages, { role: 'tool', toolCallId: 'call_1', toolName: 'lookup_order', content: '{}' }] });
    })
    .add('runTools: two steps (tool call, answer)', async () => {
      await runTools({ provider: model, request, tools: [tool], random: Math.random });
    });
  await bench.run();
  console.table(bench.table());
  const [baseline, loop] = bench.tasks.map((task) => task.result as { latency?: { mean: number; p50?: number }; throughput?: { mean: number } } | undefined);
  // tinybench reports milliseconds; two steps per run. The median is the figure to compare (the
  // mean carries GC pauses and the other processes of a shared machine).
  const perStep = (pick: (value: typeof loop) => number | undefined): string => ((((pick(loop) ?? Number.NaN) - (pick(baseline) ?? Number.NaN)) / 2) * 1000).toFixed(1);
  console.log(`Tool-loop overhead per step, excluding model and tool: median ${perStep((value) => value?.latency?.p50)} µs, mean ${perStep((value) => value?.latency?.mean)} µs (target ≤ 50 µs)`);
}
