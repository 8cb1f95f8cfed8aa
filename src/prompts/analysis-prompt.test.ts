import { describe, expect, it } from 'vitest';
import { analysisTypes } from '../core/analysis.js';
import { createAnalysisPrompt } from './analysis-prompt.js';
import { ModelOutputError } from './model-output-error.js';

const random = (): number => 0.5;

describe('createAnalysisPrompt', () => {
  it.each(analysisTypes)('renders the %s prompt', (type) => {
    expect(createAnalysisPrompt({ type }).render({ message: 'Third time my order #54321 is late!! Call me at +1 415 555 0100', context: 'WhatsApp' }, { random }).messages).toMatchSnapshot();
  });

  it('parses replies with the shared analysis schemas', () => {
    expect(createAnalysisPrompt({ type: 'sentiment' }).parse('```json\n{"label":"negative","score":0.1,"confidence":0.9}\n```')).toEqual({ label: 'negative', score: 0.1, confidence: 0.9 });
    expect(createAnalysisPrompt({ type: 'entities' }).parse('{"entities":[{"type":"order_number","value":"#54321","normalized":"54321"}]}').entities).toHaveLength(1);
    expect(() => createAnalysisPrompt({ type: 'priority' }).parse('{"level":"meh","score":0.2,"reasons":[]}')).toThrow(ModelOutputError);
  });

  it('offers the host\'s intent labels', () => {
    const { messages } = createAnalysisPrompt({ type: 'intent', intents: ['upgrade', 'downgrade'] }).render({ message: 'I want more speed' }, { random });
    expect(messages[0]!.content).toContain('- intent: one of upgrade, downgrade.');
    expect(() => createAnalysisPrompt({ type: 'mood' as never })).toThrow(/`type`/);
  });
});
