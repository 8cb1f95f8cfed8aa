import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ModelOutputError } from '../prompts/model-output-error.js';
import { parseModelJson } from '../prompts/parse-model-json.js';
import { parseStructuredOutput } from '../providers/shared/parse-structured-output.js';
import { StructuredOutputError } from '../providers/shared/structured-output-error.js';
import { extractJson, findJson } from './extract-json.js';

describe('findJson', () => {
  it('reports a reply that was JSON as is (surrounding whitespace aside) as not repaired', () => {
    expect(findJson('{"a":1}')).toEqual({ value: { a: 1 }, repaired: false });
    expect(findJson('\n  [1, 2]  \n')).toEqual({ value: [1, 2], repaired: false });
    expect(findJson('"just a string"')).toEqual({ value: 'just a string', repaired: false });
  });

  it.each([
    ['a json fence', 'Sure!\n```json\n{"a":1}\n```\nAnything else?'],
    ['a fence with another language tag', '```javascript\n{"a":1}\n```'],
    ['a bare fence without a newline before its end', '```\n{"a":1}```'],
    ['prose around the value', 'Here it is: {"a":1} Hope that helps!'],
    ['a trailing comma', '{"a":1,}'],
    ['a trailing comma before whitespace and a newline', '{"a":1,\n  \n}'],
    ['smart quotes', '{\u201ca\u201d: 1}'],
    ['a failed brace span before the real one', 'Note {not json} then {"a":1}'],
    ['every defect at once', 'Sure!\n```json\n{\u201ca\u201d: 1,\n}\n```\nAnything else?'],
  ])('repairs %s', (_name, text) => {
    expect(findJson(text)).toEqual({ value: { a: 1 }, repaired: true });
  });

  it('leaves brackets, commas and smart quotes inside strings alone', () => {
    expect(extractJson('The answer is {"a":"}{"} as requested.')).toEqual({ a: '}{' });
    expect(extractJson('Result: {"a": ["x,}", "y",],}')).toEqual({ a: ['x,}', 'y'] });
    // Valid as is: the repairs (which would turn these quotes into delimiters) never run.
    expect(extractJson('```json\n{"quote": "she said \u201cno\u201d"}\n```')).toEqual({ quote: 'she said \u201cno\u201d' });
  });

  it('finds a value whose smart-quoted string holds a bracket', () => {
    expect(extractJson('Here: {\u201ca\u201d: \u201c} or ]\u201d} thanks')).toEqual({ a: '} or ]' });
  });

  it.each(['', '   ', 'no json at all', '{"unterminated": ', '{"a": 1', '```json\n{bad}\n```', '{a: 1}', "{'a': 1}"])('finds nothing in %j, guessing at nothing', (text) => {
    expect(findJson(text)).toBeUndefined();
    expect(extractJson(text)).toBeUndefined();
  });
});

describe('one set of repair rules for prompts and providers', () => {
  const schema = z.object({ a: z.number() });
  const accepts = (text: string): { prompts: boolean; providers: boolean } => ({
    prompts: (() => {
      try {
        parseModelJson(text, schema);
        return true;
      } catch (error) {
        if (ModelOutputError.isInstance(error)) return false;
        throw error;
      }
    })(),
    providers: (() => {
      try {
        parseStructuredOutput({ text, schema });
        return true;
      } catch (error) {
        if (StructuredOutputError.isInstance(error)) return false;
        throw error;
      }
    })(),
  });

  it.each([
    ['{"a":1}', true],
    ['```json\n{"a":1,}\n```', true],
    ['{\u201ca\u201d: 1}', true],
    ['Note {not json} then {"a":1}', true],
    ['I think the customer is upset', false],
    ['{"a": 1', false],
    ['{"a": "one"}', false],
  ])('parseModelJson and parseStructuredOutput agree on %j', (text, expected) => {
    expect(accepts(text)).toEqual({ prompts: expected, providers: expected });
  });
});
