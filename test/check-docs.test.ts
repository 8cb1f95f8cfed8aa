import { describe, expect, it } from 'vitest';
import { extractInlineCalls } from '../scripts/check-docs.js';

describe('check-docs: inline assistant calls in prose and tables', () => {
  it('turns each shorthand-only call into a one-line block on its own line, skipping fenced code and calls with values', () => {
    const page = [
      '| seed | crmkit |',
      '|---|---|',
      '| history | `assistant.history({ tenantId, sessionId, limit, before, after })` |',
      '| prompts | `assistant.prompts.list` and `assistant.ask({ tenantId, query: "x" })` |',
      '| per call | `assistant.send({ …, maxTokens, topP })` |',
      '```ts',
      'await assistant.history({ tenantId, cursor });',
      '```',
    ].join('\n');
    const blocks = extractInlineCalls('docs/x.md', page);
    expect(blocks.map((block) => block.firstLine)).toEqual([3, 5]);
    expect(blocks[0]!.code).toBe(
      "import type { CrmAssistant } from 'crmkit'; declare const assistant: CrmAssistant; declare const tenantId: any, sessionId: any, limit: any, before: any, after: any; void assistant.history({ tenantId, sessionId, limit, before, after });",
    );
    expect(blocks[1]!.code).toContain('void assistant.send({ maxTokens, topP });');
  });
});
