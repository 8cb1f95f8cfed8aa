import { describe, expect, it } from 'vitest';
import { detectedLanguageSchema } from '../core/analysis.js';
import { analyzeMessage } from './analyze-message.js';
import { languageSamples } from './__fixtures__/language-samples.js';
import { detectLanguage } from './detect-language.js';

describe('detectLanguage', () => {
  it('tells the language of short support messages', () => {
    const wrong = languageSamples.filter(([language, text]) => detectLanguage(text).language !== language);
    // Measured accuracy is reported by `npm run eval`; here at most 3 of 55 may miss.
    expect(wrong.length).toBeLessThanOrEqual(3);
  });

  it('answers und for text that has no language', () => {
    for (const text of ['', '   ', 'ok', '#54321', '415-555-2671', '👍']) expect(detectLanguage(text).language).toBe('und');
  });

  it('can be narrowed to the languages a help desk sees', () => {
    expect(detectLanguage('Onde está o meu pedido?', { only: ['es', 'pt'] }).language).toBe('pt');
  });

  it('returns the shared analysis shape', () => {
    expect(detectedLanguageSchema.parse(detectLanguage('Wo ist meine Bestellung?'))).toMatchObject({ language: 'de' });
  });

  it('is part of a full analysis, and skipped when only some analyses are asked for', () => {
    expect(analyzeMessage('¿Dónde está mi pedido? Lo pedí hace dos semanas.').language?.language).toBe('es');
    expect(analyzeMessage('Where is my order?', { types: ['intent'] }).language).toBeUndefined();
    expect(analyzeMessage('Where is my order? It is late.', { types: ['intent'], detectLanguage: true }).language?.language).toBe('en');
  });
});

describe('detectLanguage on long text', () => {
  it('reads the start of a long message', () => {
    const long = `${'Mi pedido no ha llegado todavía y nadie contesta mis correos. '.repeat(20)}`;
    expect(detectLanguage(long).language).toBe('es');
  });
});
