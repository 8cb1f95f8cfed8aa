import { describe, expect, it } from 'vitest';
import { intentSchema, sentimentSchema } from '../core/analysis.js';
import { ModelOutputError } from './model-output-error.js';
import { parseModelJson } from './parse-model-json.js';

const sentiment = { label: 'negative', score: 0.1, confidence: 0.9 };

function failure(run: () => unknown): ModelOutputError {
  try {
    run();
  } catch (error) {
    if (ModelOutputError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ModelOutputError');
}

describe('parseModelJson', () => {
  it('parses clean JSON and applies schema defaults', () => {
    expect(parseModelJson(JSON.stringify(sentiment), sentimentSchema)).toEqual(sentiment);
    expect(parseModelJson('{"intent":"refund","confidence":0.8}', intentSchema)).toEqual({ intent: 'refund', confidence: 0.8, alternatives: [] });
  });

  it.each([
    ['a code fence', '```json\n{"label": "negative", "score": 0.1, "confidence": 0.9}\n```'],
    ['a bare fence', '```\n{"label": "negative", "score": 0.1, "confidence": 0.9}```'],
    ['trailing commas', '{"label": "negative", "score": 0.1, "confidence": 0.9,}'],
    ['leading and trailing prose', 'Here is the analysis: {"label": "negative", "score": 0.1, "confidence": 0.9} Hope that helps!'],
    ['smart quotes', '{\u201clabel\u201d: \u201cnegative\u201d, \u201cscore\u201d: 0.1, \u201cconfidence\u201d: 0.9}'],
    ['all of them', 'Sure!\n```json\n{\u201clabel\u201d: "negative", "score": 0.1, "confidence": 0.9,\n}\n```\nAnything else?'],
  ])('repairs %s once', (_name, text) => {
    expect(parseModelJson(text, sentimentSchema)).toEqual(sentiment);
  });

  it('keeps commas and braces that sit inside strings', () => {
    const text = 'Result: {"intent": "refund", "confidence": 0.5, "alternatives": [{"intent": "a,}", "confidence": 0.1},],}';
    expect(parseModelJson(text, intentSchema).alternatives).toEqual([{ intent: 'a,}', confidence: 0.1 }]);
  });

  it('fails with not_json when even the repaired text is not JSON, without quoting the reply', () => {
    const error = failure(() => parseModelJson('I think the customer (jane@example.com) is upset', sentimentSchema));
    expect(error.reason).toBe('not_json');
    expect(error.code).toBe('invalid_model_output');
    expect(error.message).not.toContain('jane@example.com');
    expect(JSON.stringify(error.toJSON())).not.toContain('jane@example.com');
    expect(error.text).toContain('jane@example.com');
  });

  it('fails with schema_mismatch naming each bad field, and never guesses', () => {
    const error = failure(() => parseModelJson('```json\n{"label": "furious", "score": 3}\n```', sentimentSchema));
    expect(error.reason).toBe('schema_mismatch');
    expect(error.repaired).toBe(true);
    expect(error.issues.map((issue) => issue.path)).toEqual(['label', 'score', 'confidence']);
    expect(ModelOutputError.isInstance(new Error('x'))).toBe(false);
  });

  it('does not repair unbalanced JSON', () => {
    expect(failure(() => parseModelJson('{"label": "negative", "score": 0.1', sentimentSchema)).reason).toBe('not_json');
  });
});
